import DL
import DLTestSupport
import XCTest

/// `CategoricalCrossentropy`: values, gradients, label checks and configuration.
final class CategoricalCrossentropyTests: XCTestCase {
    func testCategoricalCrossentropy() {
        let y = Tensor([[0, 1, 0], [1, 0, 0]])
        let p = Tensor([[0.2, 0.7, 0.1], [0.1, 0.3, 0.6]])
        // −log 0.7, −log 0.1
        assertTensorsClose(CategoricalCrossentropy().perSampleLoss(yTrue: y, yPred: p), Tensor([0.35667494, 2.30258509]))
        // Rows are rescaled to sum to 1 first, as Keras does.
        assertTensorsClose(CategoricalCrossentropy().perSampleLoss(yTrue: y, yPred: p * 2), Tensor([0.35667494, 2.30258509]))
    }

    func testCategoricalCrossentropyFromLogits() {
        let y = Tensor([[0, 1, 0], [1, 0, 0]])
        let x = Tensor([[1.0, 3.0, -2.0], [0.5, 0.0, 4.0]])
        XCTAssertEqual(lossValue(.categoricalCrossentropy(fromLogits: true), y, x),
                       lossValue(.categoricalCrossentropy, y, softmax(x)), accuracy: 1e-5)
    }

    func testGradients() {
        checkLossGradient(CategoricalCrossentropy(), yTrue: checkOneHot, yPred: checkProbabilities)
        checkLossGradient(CategoricalCrossentropy(fromLogits: true), yTrue: checkOneHot, yPred: checkLogits)
        checkLossGradient(CategoricalCrossentropy(fromLogits: true, labelSmoothing: 0.2), yTrue: checkOneHot, yPred: checkLogits)
    }

    func testCategoricalWithClassIdsSuggestsSparse() {
        let text = validationMessage { try lossNamed(.categoricalCrossentropy).validate(yTrueShape: [32], yPredShape: [32, 10]) }
        XCTAssertTrue(text.contains("categorical_crossentropy"), text)
        XCTAssertTrue(text.contains("sparseCategoricalCrossentropy"), text)
        XCTAssertTrue(text.contains("toCategorical"), text)
        XCTAssertTrue(text.contains("[32]") && text.contains("[32, 10]"), text)
        XCTAssertNoThrow(try lossNamed(.categoricalCrossentropy).validate(yTrueShape: [32, 10], yPredShape: [32, 10]))
    }

    func testConfig() {
        assertLossConfig(CategoricalCrossentropy(labelSmoothing: 0.2),
                         ["name": "categorical_crossentropy", "reduction": "sum_over_batch_size", "from_logits": false,
                          "label_smoothing": 0.2, "axis": -1])
        assertThrowsMentioning(["CategoricalCrossentropy", "from_logits", "\"yes\""]) {
            try CategoricalCrossentropy.fromConfig(replacing(CategoricalCrossentropy().getConfig(), "from_logits", with: "yes"))
        }
    }
}
