import DL
import DLTestSupport
import XCTest

/// `BinaryCrossentropy`: values against hand-computed references, gradients, configuration.
final class BinaryCrossentropyTests: XCTestCase {
    func testBinaryCrossentropyCourseValues() {
        // −log(0.99) and −log(0.001): clipping to [1e-7, 1 − 1e-7] leaves them unchanged.
        XCTAssertEqual(lossValue(.binaryCrossentropy, Tensor([[1]]), Tensor([[0.99]])), 0.01005, accuracy: 1e-5)
        XCTAssertEqual(lossValue(.binaryCrossentropy, Tensor([[1]]), Tensor([[0.001]])), 6.9078, accuracy: 1e-4)
    }

    func testBinaryCrossentropyClipsCertainMistakes() {
        // p = 0 for y = 1 is clipped to 1e-7: −log(1e-7) = 16.118.
        XCTAssertEqual(lossValue(.binaryCrossentropy, Tensor([[1]]), Tensor([[0]])), 16.118, accuracy: 1e-2)
        XCTAssertTrue(lossValue(.binaryCrossentropy, Tensor([[0]]), Tensor([[1]])).isFinite)
    }

    func testBinaryCrossentropyValues() {
        assertTensorsClose(BinaryCrossentropy().perSampleLoss(yTrue: sampleLabels, yPred: samplePredictions),
                           Tensor([0.28990925, 0.30809307, 0.45814537]))
    }

    func testBinaryCrossentropyFromLogits() {
        let x = Tensor([[2.0, -1.0], [0.5, -3.0]]), y = Tensor([[1, 0], [0, 1]])
        assertTensorsClose(BinaryCrossentropy(fromLogits: true).perSampleLoss(yTrue: y, yPred: x),
                           Tensor([0.22009485, 2.01133217]))
        // Equal to the probability version on sigmoid outputs.
        XCTAssertEqual(lossValue(.binaryCrossentropy(fromLogits: true), y, x),
                       lossValue(.binaryCrossentropy, y, sigmoid(x)), accuracy: 1e-5)
        // Stable for large logits.
        XCTAssertEqual(lossValue(.binaryCrossentropy(fromLogits: true), Tensor([[0]]), Tensor([[100]])), 100, accuracy: 1e-3)
    }

    func testGradients() {
        let y = Tensor([[0, 1], [1, 0]]), p = Tensor([[0.2, 0.7], [0.9, 0.4]])
        checkLossGradient(BinaryCrossentropy(), yTrue: y, yPred: p)
        checkLossGradient(BinaryCrossentropy(labelSmoothing: 0.1), yTrue: y, yPred: p)
        checkLossGradient(BinaryCrossentropy(fromLogits: true), yTrue: y, yPred: Tensor([[2.0, -1.0], [0.5, -3.0]]))
    }

    func testStaticMember() {
        XCTAssertTrue((lossNamed(.binaryCrossentropy(fromLogits: true)) as? BinaryCrossentropy)?.fromLogits == true)
    }

    func testConfig() {
        assertLossConfig(BinaryCrossentropy(fromLogits: true, labelSmoothing: 0.1),
                         ["name": "binary_crossentropy", "reduction": "sum_over_batch_size", "from_logits": true,
                          "label_smoothing": 0.1, "axis": -1])
        assertThrowsMentioning(["BinaryCrossentropy", "axis", "1"]) {
            try BinaryCrossentropy.fromConfig(replacing(BinaryCrossentropy().getConfig(), "axis", with: 1))
        }
    }
}
