import DLCore
import DLTestSupport
import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The fused `linear` + activation op against the unfused ops, on odd shapes (1×1, sizes that
/// are not multiples of the vector width), and its pullback against finite differences.
final class LinearTests: XCTestCase {
    let activations: [(FusedActivation, (Tensor) -> Tensor)] = [
        (.identity, { $0 }), (.relu, relu), (.sigmoid, sigmoid), (.softmax, { softmax($0, axis: -1) }),
    ]

    func testFusedMatchesUnfusedOnOddShapes() {
        for (n, k, m) in [(1, 1, 1), (3, 5, 7), (17, 9, 33), (2, 4, 1)] {
            let x = Tensor.randomUniform([n, k], min: -2, max: 2, seed: 11)
            let w = Tensor.randomUniform([k, m], min: -2, max: 2, seed: 12)
            let b = Tensor.randomUniform([m], min: -1, max: 1, seed: 13)
            for (fused, unfused) in activations {
                assertTensorsClose(linear(x, w, b, activation: fused), unfused(matmul(x, w) + b), accuracy: 1e-5,
                                   "\(fused) \(n)×\(k)×\(m)")
                assertTensorsClose(linear(x, w, nil, activation: fused), unfused(matmul(x, w)), accuracy: 1e-5,
                                   "\(fused) \(n)×\(k)×\(m) without bias")
            }
        }
    }

    /// Each row alone (the single-image path: sgemv) gives the batch's row (sgemm) to 1e-5 relative.
    func testSingleRowsMatchTheBatch() {
        let (n, k, m) = (64, 784, 256)
        let x = Tensor.randomUniform([n, k], min: 0, max: 1, seed: 31)
        let w = Tensor.randomUniform([k, m], min: -0.08, max: 0.08, seed: 32)
        let b = Tensor.randomUniform([m], min: -0.1, max: 0.1, seed: 33)
        for (fused, _) in activations {
            let batch = linear(x, w, b, activation: fused).scalars
            for row in [0, 1, 37, 63] {
                let single = linear(x[row..<(row + 1)], w, b, activation: fused).scalars
                let expected = Array(batch[(row * m)..<((row + 1) * m)])
                let scale = expected.map(abs).max() ?? 1
                assertScalarsClose(single, expected, accuracy: 1e-5 * Swift.max(scale, 1e-3), "\(fused) row \(row)")
            }
        }
    }

    func testFusedGradientsMatchUnfused() {
        let x = Variable(Tensor.randomUniform([5, 6], min: -1, max: 1, seed: 14), name: "x")
        let w = Variable(Tensor.randomUniform([6, 7], min: -1, max: 1, seed: 15), name: "w")
        let b = Variable(Tensor.randomUniform([7], min: -1, max: 1, seed: 16), name: "b")
        let weights = Tensor.randomUniform([5, 7], min: -1, max: 1, seed: 17)
        for (fused, unfused) in activations {
            let f = valueWithGradient(wrt: [x, w, b]) { (linear(x.value, w.value, b.value, activation: fused) * weights).sum() }
            let u = valueWithGradient(wrt: [x, w, b]) { (unfused(matmul(x.value, w.value) + b.value) * weights).sum() }
            assertTensorsClose(f.value, u.value, accuracy: 1e-5, "\(fused) value")
            for (gf, gu) in zip(f.gradients, u.gradients) { assertTensorsClose(gf, gu, accuracy: 1e-5, "\(fused) gradient") }
        }
    }

    /// Outputs large enough for the activation passes to be split into row bands across the
    /// workers (an odd number of rows, 83,867 scalars), forward and pullback against the unfused ops.
    func testFusedMatchesUnfusedWhenSplitAcrossWorkers() {
        let (n, k, m) = (331, 9, 253)
        XCTAssertGreaterThanOrEqual(n * m, Parallel.minimumParallelCount)
        let x = Variable(Tensor.randomUniform([n, k], min: -1, max: 1, seed: 21), name: "x")
        let w = Variable(Tensor.randomUniform([k, m], min: -1, max: 1, seed: 22), name: "w")
        let b = Variable(Tensor.randomUniform([m], min: -1, max: 1, seed: 23), name: "b")
        let weights = Tensor.randomUniform([n, m], min: -1, max: 1, seed: 24)
        for (fused, unfused) in activations {
            let f = valueWithGradient(wrt: [x, w, b]) { (linear(x.value, w.value, b.value, activation: fused) * weights).sum() }
            let u = valueWithGradient(wrt: [x, w, b]) { (unfused(matmul(x.value, w.value) + b.value) * weights).sum() }
            assertTensorsClose(f.value, u.value, accuracy: 1e-2, "\(fused) value")
            for (gf, gu) in zip(f.gradients, u.gradients) { assertTensorsClose(gf, gu, accuracy: 1e-3, "\(fused) gradient") }
        }
    }

    func testFusedGradientsAgainstFiniteDifferences() {
        let x = Tensor.randomUniform([3, 4], min: -1, max: 1, seed: 18)
        let k = Tensor.randomUniform([4, 5], min: -1, max: 1, seed: 19)
        let b = Tensor.randomUniform([5], min: -0.5, max: 0.5, seed: 20)
        for activation in [FusedActivation.identity, .relu, .sigmoid, .softmax] {
            GradientCheck.assertOpGradients([x, k, b], "\(activation)") { linear($0[0], $0[1], $0[2], activation: activation) }
            GradientCheck.assertOpGradients([x, k], "\(activation) without bias") { linear($0[0], $0[1], nil, activation: activation) }
        }
    }

    func testReluKernelsAgainstReference() {
        for count in [1, 7, 16, 33] {
            var y = (0..<count).map { Float($0 % 5) - 2.5 }
            let expected = y.map { $0 > 0 ? $0 : 0 }
            y.withUnsafeMutableBufferPointer { ActivationKernels.reluForward($0.baseAddress!, count: count) }
            XCTAssertEqual(y, expected)
            let g = (0..<count).map { Float($0) }
            var dz = [Float](repeating: -1, count: count)
            g.withUnsafeBufferPointer { gp in y.withUnsafeBufferPointer { yp in dz.withUnsafeMutableBufferPointer {
                ActivationKernels.reluBackward(gp.baseAddress!, yp.baseAddress!, into: $0.baseAddress!, count: count)
            } } }
            XCTAssertEqual(dz, zip(g, y).map { $1 > 0 ? $0 : 0 })
        }
    }
}

/// `FastMath` against libm over the range the activations meet.
final class FastMathTests: XCTestCase {
    func testExpMatchesLibmWithinAFewUlp() {
        var x: Float = -87
        while x < 88 {
            let (fast, exact) = (FastMath.exp(x), expf(x))
            XCTAssertEqual(fast, exact, accuracy: exact * 4e-7, "exp(\(x))")
            x += 0.173
        }
        XCTAssertTrue(FastMath.exp(.nan).isNaN)
        XCTAssertGreaterThan(FastMath.exp(-1000), 0)
        XCTAssertTrue(FastMath.exp(1000).isFinite)
    }

    func testSquareRootWithinTwoUlp() {
        var v: Float = 1e-30
        while v < 1e30 {
            let exact = v.squareRoot()
            XCTAssertEqual(FastMath.squareRoot(v), exact, accuracy: exact * 2.5e-7, "sqrt(\(v))")
            v *= 1.37
        }
        XCTAssertEqual(FastMath.squareRoot(0), 0)
        XCTAssertEqual(FastMath.squareRoot(1), 1, accuracy: 2.5e-7)
        XCTAssertEqual(FastMath.squareRoot(.infinity), .infinity)
    }

    func testSigmoidWithinAFewUlpOfDoublePrecision() {
        var x: Float = -87
        while x < 88 {
            let exact = 1 / (1 + Foundation.exp(-Double(x)))
            XCTAssertEqual(Double(FastMath.sigmoid(x)), exact, accuracy: exact * 4e-7, "sigmoid(\(x))")
            x += 0.0731
        }
        XCTAssertTrue(FastMath.sigmoid(.nan).isNaN)
        XCTAssertEqual(FastMath.sigmoid(-1000), 0, accuracy: 1e-37)
        XCTAssertEqual(FastMath.sigmoid(1000), 1)
    }

    func testSigmoidKernelMatchesReferenceOnOddCounts() {
        for count in [1, 3, 17, 1001] {
            var y = (0..<count).map { Float($0) * 0.37 - Float(count) * 0.18 }
            let expected = y.map(ActivationKernels.referenceSigmoid)
            y.withUnsafeMutableBufferPointer { ActivationKernels.sigmoidForward($0.baseAddress!, count: count) }
            assertScalarsClose(y, expected, accuracy: 2e-7, "count \(count)")
        }
        var extremes: [Float] = [-200, -88, 0, 88, 200]
        extremes.withUnsafeMutableBufferPointer { ActivationKernels.sigmoidForward($0.baseAddress!, count: 5) }
        assertScalarsClose(extremes, [0, 0, 0.5, 1, 1], accuracy: 1e-7)
    }
}
