import DLCore
import DLTestSupport
import XCTest

final class SoftmaxTests: XCTestCase {
    func testForwardValues() {
        let y = softmax(Tensor([[1, 2, 3], [0, 0, 0]]))
        assertTensorsClose(y, Tensor([[0.09003057, 0.24472848, 0.66524094], [1.0 / 3, 1.0 / 3, 1.0 / 3]]))
        assertTensorsClose(softmax(Tensor([[1000, 1001]])), Tensor([[0.26894143, 0.7310586]]), "stable for large logits")
        assertTensorsClose(logSoftmax(Tensor([[1000, 1001]])), Tensor([[-1.3132616, -0.31326166]]), accuracy: 1e-4)
        assertTensorsClose(softmax(Tensor([[1, 3], [1, 1]]), axis: 0), Tensor([[0.5, 0.880797], [0.5, 0.119203]]))
        assertTensorsClose(exp(logSoftmax(Tensor([[0.3, -1, 2]]))), softmax(Tensor([[0.3, -1, 2]])))
    }

    func testGradients() {
        let x = Tensor.randomUniform([3, 4], min: -2, max: 2, seed: 1)
        let x3 = Tensor.randomUniform([2, 3, 4], min: -2, max: 2, seed: 2)
        for axis in [-1, 0] {
            GradientCheck.assertOpGradients([x], "softmax axis \(axis)") { softmax($0[0], axis: axis) }
            GradientCheck.assertOpGradients([x], "logSoftmax axis \(axis)") { logSoftmax($0[0], axis: axis) }
        }
        GradientCheck.assertOpGradients([x3], "softmax middle axis") { softmax($0[0], axis: 1) }
        GradientCheck.assertOpGradients([x3], "logSoftmax middle axis") { logSoftmax($0[0], axis: 1) }
    }
}
