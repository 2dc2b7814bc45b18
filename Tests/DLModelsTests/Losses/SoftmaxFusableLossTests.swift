import DL
import DLTestSupport
import XCTest

/// Softmax + cross-entropy fused in training (`SoftmaxFusableLoss`): the same values and
/// gradients as softmax followed by the probability loss.
final class SoftmaxCrossentropyFusionTests: XCTestCase {
    func testLogitsFormsMatchProbabilityForms() {
        let logits = Variable(Tensor.randomUniform([7, 5], min: -3, max: 3, seed: 41), name: "logits")
        let labels = Tensor([0, 4, 2, 2, 1, 3, 0])
        let oneHot = Tensor(shape: [7, 5], scalars: labels.scalars.flatMap { l in (0..<5).map { Float($0) == l ? 1 : 0 } })
        let pairs: [(Loss, Loss, Tensor)] = [
            (SparseCategoricalCrossentropy(), SparseCategoricalCrossentropy(fromLogits: true), labels),
            (CategoricalCrossentropy(), CategoricalCrossentropy(fromLogits: true), oneHot),
            (CategoricalCrossentropy(labelSmoothing: 0.1), CategoricalCrossentropy(fromLogits: true, labelSmoothing: 0.1), oneHot),
        ]
        for (probabilityLoss, logitsLoss, y) in pairs {
            let unfused = valueWithGradient(wrt: [logits]) { probabilityLoss(y, softmax(logits.value, axis: -1)) }
            let fused = valueWithGradient(wrt: [logits]) { logitsLoss(y, logits.value) }
            assertTensorsClose(fused.value, unfused.value, accuracy: 1e-5, probabilityLoss.name)
            assertTensorsClose(fused.gradients[0], unfused.gradients[0], accuracy: 1e-5, probabilityLoss.name)
        }
    }

    func testTrainingADenseSoftmaxOutputMatchesASeparateSoftmaxLayer() throws {
        let x = Tensor.randomUniform([16, 6], min: -1, max: 1, seed: 42)
        let y = Tensor((0..<16).map { Float($0 % 3) })
        func model(fusable: Bool) -> Sequential {
            Random.seed(5)
            let layers: [Layer] = fusable
                ? [Dense(8, activation: .relu, inputShape: [6]), Dense(3, activation: .softmax)]
                : [Dense(8, activation: .relu, inputShape: [6]), Dense(3), ActivationLayer(.softmax)]
            let m = Sequential(layers)
            m.compile(optimizer: Adam(learningRate: 0.01), loss: .sparseCategoricalCrossentropy, metrics: [.accuracy])
            return m
        }
        let (fused, separate) = (model(fusable: true), model(fusable: false))
        for _ in 0..<3 {
            let a = try fused.trainOnBatch(x: x, y: y), b = try separate.trainOnBatch(x: x, y: y)
            XCTAssertEqual(a["loss"]!, b["loss"]!, accuracy: 1e-5)
            XCTAssertEqual(a["accuracy"]!, b["accuracy"]!)
        }
        for (u, v) in zip(fused.weights, separate.weights) { assertTensorsClose(u.storedValue, v.storedValue, accuracy: 1e-5) }
    }
}
