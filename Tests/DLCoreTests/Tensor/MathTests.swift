import DLCore
import DLTestSupport
import XCTest

final class MathTests: XCTestCase {
    private let positive = Tensor([[0.5, 1.2, 2.0], [0.8, 1.5, 3.0]])
    private let mixed = Tensor([[-1.5, -0.4, 0.3], [0.9, -2.2, 1.7]])

    func testForwardValues() {
        assertTensorsClose(exp(Tensor([0, 1])), Tensor([1, 2.7182817]))
        assertTensorsClose(log(Tensor([1, 2.7182817])), Tensor([0, 1]))
        XCTAssertEqual(abs(Tensor([-2, 3])), Tensor([2, 3]))
        XCTAssertEqual(sqrt(Tensor([4, 9])), Tensor([2, 3]))
        XCTAssertEqual(square(Tensor([-2, 3])), Tensor([4, 9]))
        assertTensorsClose(pow(Tensor([2, 3]), 3), Tensor([8, 27]), accuracy: 1e-4)
        XCTAssertEqual(clip(Tensor([-2, 0.5, 3]), min: 0, max: 1), Tensor([0, 0.5, 1]))
        XCTAssertEqual(maximum(Tensor([1, 5]), Tensor([3, 2])), Tensor([3, 5]))
        XCTAssertEqual(minimum(Tensor([1, 5]), Tensor([3, 2])), Tensor([1, 2]))
        XCTAssertEqual(sign(Tensor([-2, 0, 3])), Tensor([-1, 0, 1]))
    }

    func testGradients() {
        GradientCheck.assertOpGradients([mixed], "exp") { exp($0[0]) }
        GradientCheck.assertOpGradients([positive], "log") { log($0[0]) }
        GradientCheck.assertOpGradients([mixed], "abs") { abs($0[0]) }
        GradientCheck.assertOpGradients([positive], "sqrt") { sqrt($0[0]) }
        GradientCheck.assertOpGradients([mixed], "square") { square($0[0]) }
        GradientCheck.assertOpGradients([positive], "pow 3") { pow($0[0], 3) }
        GradientCheck.assertOpGradients([positive], "pow -0.5") { pow($0[0], -0.5) }
        GradientCheck.assertOpGradients([mixed], "clip") { clip($0[0], min: -1, max: 1) }
        let other = Tensor([[-1.0, 0.1, 0.6], [0.5, -2.0, 2.2]])
        GradientCheck.assertOpGradients([mixed, other], "maximum") { maximum($0[0], $0[1]) }
        GradientCheck.assertOpGradients([mixed, other], "minimum") { minimum($0[0], $0[1]) }
    }

    func testSignHasNoGradient() {
        let v = Variable(mixed, name: "v")
        let (_, grads) = valueWithGradient(wrt: [v]) { sign(v.value).sum() }
        XCTAssertEqual(grads[0], Tensor.zeros([2, 3]))
    }
}
