import DL
import DLTestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// Optimizers update a variable's storage in place: the variable keeps its identity, a value read
/// before the step keeps its scalars, and the vectorized loops match the scalar formulas on sizes
/// that are not multiples of the vector width.
final class InPlaceUpdateTests: XCTestCase {
    func testSnapshotTakenBeforeAStepKeepsItsScalars() {
        let variable = Variable(Tensor([1, -2, 3]), name: "w")
        let snapshot = variable.value
        let optimizer = SGD(learningRate: 0.5)
        optimizer.apply(gradients: [Tensor([1, 1, 1])], to: [variable])
        XCTAssertEqual(snapshot.scalars, [1, -2, 3], "value semantics: the step copies shared storage")
        XCTAssertEqual(variable.storedValue.scalars, [0.5, -2.5, 2.5])
        optimizer.apply(gradients: [Tensor([1, 1, 1])], to: [variable])
        XCTAssertEqual(variable.storedValue.scalars, [0, -3, 2])
    }

    func testAdamMatchesTheScalarFormulaOnOddSizes() {
        for (count, amsgrad) in [(1, false), (17, false), (37, true), (33, false)] {
            let start = (0..<count).map { Float($0) * 0.1 - 1 }
            let variable = Variable(Tensor(start), name: "w")
            let optimizer = Adam(learningRate: 0.01, amsgrad: amsgrad)
            var (w, m, v, vHat) = (start, [Float](repeating: 0, count: count), [Float](repeating: 0, count: count), [Float](repeating: 0, count: count))
            for step in 1...4 {
                let g = (0..<count).map { Float(($0 * 7 + step * 3) % 11) - 5 + (step == 2 ? 0.5 : 0) }
                optimizer.apply(gradients: [Tensor(g)], to: [variable])
                let t = Float(step)
                let alpha = 0.01 * (1 - powf(0.999, t)).squareRoot() / (1 - powf(0.9, t))
                for i in 0..<count {
                    m[i] += (g[i] - m[i]) * (1 - 0.9)
                    v[i] += (g[i] * g[i] - v[i]) * (1 - 0.999)
                    vHat[i] = max(vHat[i], v[i])
                    w[i] -= m[i] * alpha / ((amsgrad ? vHat[i] : v[i]).squareRoot() + 1e-7)
                }
                assertScalarsClose(variable.storedValue.scalars, w, accuracy: 1e-6, "count \(count) step \(step)")
            }
        }
    }
}
