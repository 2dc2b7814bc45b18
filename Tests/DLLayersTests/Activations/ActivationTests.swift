import DLLayers
import DLTestSupport
import XCTest

/// Every `Activation` case against values computed by hand (Keras 3 formulas) at x = -1 and 0.5.
final class ActivationTests: XCTestCase {
    private let x = Tensor([-1, 0.5])

    func testEveryCaseAgainstHandComputedValues() {
        let expected: [(Activation, [Float])] = [
            (.linear, [-1, 0.5]),
            (.relu, [0, 0.5]),
            (.sigmoid, [0.26894142, 0.62245933]),
            (.tanh, [-0.76159416, 0.46211716]),
            (.softmax, [0.18242552, 0.81757448]),                 // over the last axis
            (.elu, [-0.63212056, 0.5]),                           // e^x − 1 below 0
            (.selu, [-1.11133074, 0.52535049]),                   // 1.0507 · (1.6733 (e^x − 1) | x)
            (.softplus, [0.31326169, 0.97407698]),                // log(1 + e^x)
            (.softsign, [-0.5, 0.33333333]),                      // x / (1 + |x|)
            (.hardSigmoid, [0.33333333, 0.58333333]),             // Keras 3: relu6(x + 3) / 6
            (.swish, [-0.26894142, 0.31122967]),                  // x · sigmoid(x)
            (.gelu, [-0.15865525, 0.34573123]),                   // x · Φ(x), exact
            (.exponential, [0.36787944, 1.64872127]),
            (.leakyRelu(0.2), [-0.2, 0.5]),
        ]
        for (activation, values) in expected {
            assertScalarsClose(activation(x).scalars, values, accuracy: 1e-5, "\(activation)")
        }
    }

    func testSoftmaxActsOnTheLastAxis() {
        let y = Activation.softmax(Tensor([[-1, 0.5], [0, 0]]))
        assertTensorsClose(y, Tensor([[0.18242552, 0.81757448], [0.5, 0.5]]))
    }

    func testKerasNamesRoundTrip() {
        let all: [Activation] = [.linear, .relu, .sigmoid, .tanh, .softmax, .elu, .selu, .softplus, .softsign,
                                 .hardSigmoid, .swish, .gelu, .exponential]
        for activation in all { XCTAssertEqual(Activation(kerasName: activation.kerasName), activation) }
        XCTAssertEqual(Activation.hardSigmoid.kerasName, "hard_sigmoid")
        XCTAssertEqual(Activation(kerasName: "silu"), .swish)
        XCTAssertNil(Activation(kerasName: "nope"))
    }
}
