import DL
import DLTestSupport
import XCTest

final class ConfusionMetricTests: XCTestCase {
    // Batch 1: labels [1, 1, 0, 0, 1], predictions > 0.5 → [1, 0, 1, 0, 1]: TP 2, FP 1, FN 1.
    let labels1 = Tensor([[1], [1], [0], [0], [1]])
    let predictions1 = Tensor([[0.9], [0.3], [0.6], [0.2], [0.51]])
    // Batch 2: labels [1, 0], predictions [0, 1]: TP 0, FP 1, FN 1 → totals TP 2, FP 2, FN 2.
    let labels2 = Tensor([1, 0])
    let predictions2 = Tensor([0.5, 0.8])

    func testPrecision() {
        let metric = Precision()
        metric.update(yTrue: labels1, yPred: predictions1)
        XCTAssertEqual(metric.result(), 2.0 / 3.0, accuracy: 1e-6)
        metric.update(yTrue: labels2, yPred: predictions2)
        XCTAssertEqual(metric.result(), 0.5)
        metric.reset()
        XCTAssertEqual(metric.result(), 0)   // nothing predicted positive: 0, as Keras's divide_no_nan
    }

    func testRecall() {
        let metric = Recall()
        metric.update(yTrue: labels1, yPred: predictions1)
        XCTAssertEqual(metric.result(), 2.0 / 3.0, accuracy: 1e-6)
        metric.update(yTrue: labels2, yPred: predictions2)
        XCTAssertEqual(metric.result(), 0.5)
        XCTAssertEqual(metric.name, "recall")
    }

    func testF1Score() {
        let metric = F1Score()
        // 2·2 / (2·2 + 1 + 1) = 2/3
        metric.update(yTrue: labels1, yPred: predictions1)
        XCTAssertEqual(metric.result(), 2.0 / 3.0, accuracy: 1e-6)
        metric.update(yTrue: labels2, yPred: predictions2)
        XCTAssertEqual(metric.result(), 0.5)   // 4 / (4 + 2 + 2)
        metric.reset()
        XCTAssertEqual(metric.result(), 0)
        // Precision 1, recall 0.5 → harmonic mean 2/3.
        metric.update(yTrue: Tensor([1, 1, 0]), yPred: Tensor([0.9, 0.1, 0.1]))
        XCTAssertEqual(metric.result(), 2.0 / 3.0, accuracy: 1e-6)
    }
}
