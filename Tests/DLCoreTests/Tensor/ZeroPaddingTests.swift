import DLCore
import DLTestSupport
import XCTest

final class ZeroPaddingTests: XCTestCase {
    func testPadsAlongOneAxis() {
        let x = Tensor([[1, 2], [3, 4]])
        XCTAssertEqual(zeroPadded(x, axis: 0, before: 1, after: 0), Tensor([[0, 0], [1, 2], [3, 4]]))
        XCTAssertEqual(zeroPadded(x, axis: -1, before: 1, after: 2), Tensor([[0, 1, 2, 0, 0], [0, 3, 4, 0, 0]]))
        XCTAssertEqual(zeroPadded(x, axis: 1, before: 0, after: 0), x)
    }

    func testGradients() {
        let x = Variable(Tensor.randomUniform([2, 3, 4, 2], min: -1, max: 1, seed: 1), name: "x")
        for axis in [0, 1, 2, 3, -1] {
            let probe = zeroPadded(x.value, axis: axis, before: 2, after: 1)
            let weights = Tensor.randomUniform(probe.shape, min: 0.5, max: 1.5, seed: 2)
            GradientCheck.assertGradientsMatch(of: { zeroPadded(x.value, axis: axis, before: 2, after: 1) * weights }, wrt: [x], "axis \(axis)")
        }
    }
}
