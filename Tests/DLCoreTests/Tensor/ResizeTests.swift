import DLCore
import DLTestSupport
import XCTest

final class ResizeTests: XCTestCase {
    func testRepeatedWorkedExample() {
        let x = Tensor(shape: [1, 2, 2, 1], scalars: [1, 2, 3, 4])
        let rows = repeated(x, axis: 1, times: 2)
        XCTAssertEqual(rows.shape, [1, 4, 2, 1])
        XCTAssertEqual(rows.scalars, [1, 2, 1, 2, 3, 4, 3, 4])
        XCTAssertEqual(repeated(rows, axis: -2, times: 3).scalars, [1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2,
                                                                    3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4])
    }

    /// Doubling [0, 1, 2] reads the half-pixel sources −0.25, 0.25, 0.75, ...: 0, 0.25, 0.75, 1.25, 1.75, 2.
    func testLinearlyResizedWorkedExample() {
        let x = Tensor(shape: [1, 3, 1], scalars: [0, 1, 2])
        XCTAssertEqual(linearlyResized(x, axis: 1, length: 6).scalars, [0, 0.25, 0.75, 1.25, 1.75, 2])
        // Same length: the identity.
        XCTAssertEqual(linearlyResized(x, axis: 1, length: 3).scalars, x.scalars)
    }

    func testGradients() {
        let x = Variable(distinctInput([2, 3, 4, 2], spacing: 0.05), name: "x")
        let r1 = Tensor.randomNormal([2, 6, 4, 2], seed: 1)
        GradientCheck.assertGradientsMatch(of: { repeated(x.value, axis: 1, times: 2) * r1 }, wrt: [x], "repeated")
        let r2 = Tensor.randomNormal([2, 3, 11, 2], seed: 2)
        GradientCheck.assertGradientsMatch(of: { linearlyResized(x.value, axis: 2, length: 11) * r2 }, wrt: [x], "linear ×11/4")
        let r3 = Tensor.randomNormal([2, 2, 4, 2], seed: 3)
        GradientCheck.assertGradientsMatch(of: { linearlyResized(x.value, axis: 1, length: 2) * r3 }, wrt: [x], "linear shrinking")
    }
}
