import DLCore
import DLTestSupport
import XCTest

final class ActivationTests: XCTestCase {
    /// Values kept away from every activation's kinks (0 for relu/elu, ±3 for hardSigmoid).
    private let x = Tensor([[-3.5, -1.2, -0.3, 0.2], [0.7, 1.4, 2.6, 4.0]])

    func testForwardValues() {
        let v = Tensor([-1, 0, 2])
        XCTAssertEqual(relu(v), Tensor([0, 0, 2]))
        assertTensorsClose(leakyRelu(v), Tensor([-0.3, 0, 2]))
        assertTensorsClose(leakyRelu(v, alpha: 0.1), Tensor([-0.1, 0, 2]))
        assertTensorsClose(sigmoid(v), Tensor([0.26894143, 0.5, 0.8807971]))
        assertTensorsClose(sigmoid(Tensor([-100, 100])), Tensor([0, 1]))
        assertTensorsClose(tanh(v), Tensor([-0.7615942, 0, 0.9640276]))
        assertTensorsClose(elu(v), Tensor([-0.63212055, 0, 2]))
        assertTensorsClose(selu(v), Tensor([-1.1113307, 0, 2.101402]))
        assertTensorsClose(softplus(v), Tensor([0.31326166, 0.6931472, 2.126928]))
        assertTensorsClose(softplus(Tensor([100])), Tensor([100]))
        assertTensorsClose(softsign(v), Tensor([-0.5, 0, 0.6666667]))
        assertTensorsClose(hardSigmoid(Tensor([-4, 0, 1.5, 4])), Tensor([0, 0.5, 0.75, 1]))
        assertTensorsClose(swish(v), Tensor([-0.26894143, 0, 1.7615942]))
        assertTensorsClose(gelu(v), Tensor([-0.15865526, 0, 1.9544997]))
    }

    func testGradients() {
        let activations: [(String, (Tensor) -> Tensor)] = [
            ("relu", { relu($0) }), ("leakyRelu", { leakyRelu($0, alpha: 0.2) }), ("sigmoid", { sigmoid($0) }),
            ("tanh", { tanh($0) }), ("elu", { elu($0) }), ("selu", { selu($0) }), ("softplus", { softplus($0) }),
            ("softsign", { softsign($0) }), ("hardSigmoid", { hardSigmoid($0) }), ("swish", { swish($0) }),
            ("gelu", { gelu($0) }),
        ]
        for (name, f) in activations {
            GradientCheck.assertOpGradients([x], name) { f($0[0]) }
        }
    }

    /// Every activation gives NaN for NaN, as Keras does: a NaN input must reach the loss.
    func testNaNPropagates() {
        let activations: [(String, (Tensor) -> Tensor)] = [
            ("relu", { relu($0) }), ("leakyRelu", { leakyRelu($0) }), ("sigmoid", { sigmoid($0) }), ("tanh", { tanh($0) }),
            ("elu", { elu($0) }), ("selu", { selu($0) }), ("softplus", { softplus($0) }), ("softsign", { softsign($0) }),
            ("hardSigmoid", { hardSigmoid($0) }), ("swish", { swish($0) }), ("gelu", { gelu($0) }),
            ("relu capped", { relu($0, maxValue: 6) }), ("relu sloped", { relu($0, negativeSlope: 0.1) }),
            ("relu sloped with threshold", { relu($0, negativeSlope: 0.1, maxValue: 6, threshold: 1) }),
        ]
        for (name, f) in activations {
            let y = f(Tensor([.nan, -1, 2]))
            XCTAssertTrue(y.scalars[0].isNaN, "\(name)(NaN) = \(y.scalars[0])")
            XCTAssertFalse(y.scalars[1].isNaN || y.scalars[2].isNaN, name)
        }
        // Keras's threshold select, `x > threshold ? x : 0`, turns NaN into 0 when there is no slope.
        XCTAssertEqual(relu(Tensor([.nan]), threshold: 1), Tensor([0]))
    }

    /// `relu(_:negativeSlope:maxValue:threshold:)` against values Keras 3.15 gave for
    /// `keras.activations.relu(x, ...)` on x = [−3, −1, −0.5, 0, 0.5, 1, 2, 3].
    func testGeneralReluMatchesKeras() {
        let x = Tensor([-3, -1, -0.5, 0, 0.5, 1, 2, 3])
        assertTensorsClose(relu(x, negativeSlope: 0.2, maxValue: 2.5, threshold: 1),
                           Tensor([-0.8, -0.4, -0.3, -0.2, -0.1, 0, 2, 2.5]), accuracy: 1e-6)
        assertTensorsClose(relu(x, maxValue: 2.5, threshold: -1), Tensor([0, 0, 0, 0, 0.5, 1, 2, 2.5]), accuracy: 1e-6)
        assertTensorsClose(relu(x, threshold: -1), Tensor([0, 0, -0.5, 0, 0.5, 1, 2, 3]), accuracy: 1e-6)
        assertTensorsClose(relu(x, negativeSlope: 0.2, threshold: -1), Tensor([-0.4, 0, -0.5, 0, 0.5, 1, 2, 3]), accuracy: 1e-6)
        assertTensorsClose(relu(x, maxValue: 2.5), Tensor([0, 0, 0, 0, 0.5, 1, 2, 2.5]), accuracy: 1e-6)
        assertTensorsClose(relu(x, negativeSlope: 0.2), Tensor([-0.6, -0.2, -0.1, 0, 0.5, 1, 2, 3]), accuracy: 1e-6)
        assertTensorsClose(relu(x, threshold: 1), Tensor([0, 0, 0, 0, 0, 0, 2, 3]), accuracy: 1e-6)
        XCTAssertEqual(relu(x, negativeSlope: 0, maxValue: nil, threshold: 0), relu(x))
    }

    /// Gradients of the general relu away from its kinks (threshold, cap, 0).
    func testGeneralReluGradients() {
        let points = Tensor([[-3.5, -1.2, -0.3, 0.2], [0.7, 1.4, 2.6, 4.0]])
        for (slope, cap, threshold) in [(Float(0.2), Float?(2.5), Float(1)), (0, 2.5, 0), (0.3, nil, 0), (0, nil, -1), (0.1, 3, -1)] {
            GradientCheck.assertOpGradients([points], "relu(\(slope), \(String(describing: cap)), \(threshold))") {
                relu($0[0], negativeSlope: slope, maxValue: cap, threshold: threshold)
            }
        }
    }
}
