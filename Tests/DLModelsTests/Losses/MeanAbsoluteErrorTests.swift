import DL
import DLTestSupport
import XCTest

/// `MeanAbsoluteError`: values, gradient and configuration.
final class MeanAbsoluteErrorTests: XCTestCase {
    func testMeanAbsoluteError() {
        assertTensorsClose(MeanAbsoluteError().perSampleLoss(yTrue: sampleLabels, yPred: samplePredictions), Tensor([0.25, 0.25, 0.35]))
        XCTAssertEqual(lossValue(.meanAbsoluteError, sampleLabels, samplePredictions), 0.2833333, accuracy: 1e-6)
    }

    func testGradient() {
        checkLossGradient(MeanAbsoluteError(), yTrue: Tensor([[0, 1.5], [2, -1]]), yPred: Tensor([[0.5, 0.1], [0.3, -1.25]]))
    }

    func testConfig() {
        assertLossConfig(MeanAbsoluteError(), ["name": "mean_absolute_error", "reduction": "sum_over_batch_size"])
    }
}
