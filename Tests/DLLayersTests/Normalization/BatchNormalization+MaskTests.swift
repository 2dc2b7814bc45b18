import DL
import DLTestSupport
import XCTest

/// Keras's masked moments: in training the padded steps stay out of the batch statistics; at
/// inference the mask changes nothing; the mask passes on.
final class BatchNormalizationMaskTests: XCTestCase {
    private let x = Tensor.randomUniform([2, 4, 3], min: -2, max: 2, seed: 1)
    private let mask = Tensor([[1, 1, 1, 0], [0, 1, 1, 1]])
    private let realRows = [0, 1, 2, 5, 6, 7]   // the unmasked steps of x as rows of [8, 3]

    private func layer() -> BatchNormalization {
        let layer = BatchNormalization(momentum: 0.9)
        _ = layer(x)
        layer.weights[0].value = Tensor([0.5, 1.5, -1])
        layer.weights[1].value = Tensor([0.1, -0.2, 0.3])
        return layer
    }

    func testTrainingMomentsLeavePaddingOut() {
        let masked = layer(), plain = layer()
        let output = masked.callOutputs([x], masks: [mask], training: true)[0]
        // The same layer on the real steps alone, as a batch of rows.
        let rows = x.reshaped([8, 3]).gathering(rows: realRows)
        let expected = plain(rows, training: true)
        assertTensorsClose(output.reshaped([8, 3]).gathering(rows: realRows), expected, accuracy: 1e-5)
        for index in 2..<4 {   // moving mean and variance
            assertTensorsClose(masked.weights[index].value, plain.weights[index].value, accuracy: 1e-6, "\(masked.weights[index].name)")
        }
        XCTAssertEqual(masked.computeMask([x], masks: [mask]), mask, "the mask passes on")
    }

    func testInferenceIgnoresTheMask() {
        let bn = layer()
        XCTAssertEqual(bn.callOutputs([x], masks: [mask], training: false)[0].scalars, bn(x, training: false).scalars)
    }

    func testGradientsOfTheMaskedMoments() {
        let bn = layer(), input = Variable(x, name: "x")
        let probe = Tensor.randomUniform([2, 4, 3], min: 0.5, max: 1.5, seed: 2)
        GradientCheck.assertGradientsMatch(of: { bn.callOutputs([input.value], masks: [self.mask], training: true)[0] * probe },
                                           wrt: bn.trainableWeights + [input], epsilon: 1e-2, tolerance: 3e-2)
    }
}
