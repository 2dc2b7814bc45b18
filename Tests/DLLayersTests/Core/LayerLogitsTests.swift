import DL
import DLTestSupport
import XCTest

/// `Layer.providesLogits` / `callLogits`: how an output layer tells training that its output is
/// a softmax of logits it can hand back (no runner asks for a concrete layer type).
final class LayerLogitsTests: XCTestCase {
    func testLayersProvideNoLogitsByDefault() {
        let layer = Flatten()
        XCTAssertFalse(layer.providesLogits)
        XCTAssertNil(layer.callLogits(Tensor(shape: [1, 2], scalars: [1, 2]), training: true))
    }

    func testDenseWithSoftmaxHandsBackItsLogits() throws {
        Random.seed(3)
        let dense = Dense(4, activation: .softmax)
        let x = Tensor.randomUniform([5, 3], min: -1, max: 1, seed: 8)
        let probabilities = dense(x)
        XCTAssertTrue(dense.providesLogits)
        let logits = try XCTUnwrap(dense.callLogits(x, training: true))
        XCTAssertEqual(logits.shape, [5, 4])
        assertTensorsClose(softmax(logits, axis: -1), probabilities, accuracy: 1e-6)
        // The logits are x · kernel + bias, exactly.
        let expected = matmul(x, dense.weights[0].storedValue) + dense.weights[1].storedValue
        assertTensorsClose(logits, expected, accuracy: 1e-6)
    }

    func testDenseWithOtherActivationsProvidesNone() {
        for activation in [Activation.linear, .relu, .sigmoid, .tanh] {
            let dense = Dense(2, activation: activation)
            _ = dense(Tensor(shape: [1, 2], scalars: [1, 2]))
            XCTAssertFalse(dense.providesLogits, "\(activation)")
            XCTAssertNil(dense.callLogits(Tensor(shape: [1, 2], scalars: [1, 2]), training: false), "\(activation)")
        }
    }
}
