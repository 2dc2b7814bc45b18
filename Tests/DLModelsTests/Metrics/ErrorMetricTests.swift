import DL
import DLTestSupport
import XCTest

final class ErrorMetricTests: XCTestCase {
    func testMeanSquaredErrorAccumulatesPerElement() {
        let metric = MeanSquaredErrorMetric()
        metric.update(yTrue: Tensor([[0, 1], [1, 0]]), yPred: Tensor([[0.5, 1], [1, 1]]))   // (0.25 + 1) / 4
        XCTAssertEqual(metric.result(), 0.3125)
        metric.update(yTrue: Tensor([[2, 2]]), yPred: Tensor([[0, 2]]))                     // + 4 over 2 more
        XCTAssertEqual(metric.result(), 5.25 / 6, accuracy: 1e-6)
        metric.reset()
        XCTAssertEqual(metric.result(), 0)
    }

    func testMeanAbsoluteError() {
        let metric = MeanAbsoluteErrorMetric()
        metric.update(yTrue: Tensor([0, 1]), yPred: Tensor([[0.5], [-1]]))
        XCTAssertEqual(metric.result(), 1.25)
        metric.update(yTrue: Tensor([3]), yPred: Tensor([3]))
        XCTAssertEqual(metric.result(), 2.5 / 3, accuracy: 1e-6)
    }

    func testMeanTrackerIsCountWeighted() {
        let loss = MeanTracker()
        XCTAssertEqual(loss.result(), 0)
        loss.update(1.0, weight: 32)
        loss.update(4.0, weight: 16)   // (32 + 64) / 48 = 2
        XCTAssertEqual(loss.result(), 2)
        XCTAssertEqual(loss.count, 48)
        XCTAssertEqual(loss.name, "loss")
        loss.reset()
        XCTAssertEqual(loss.result(), 0)
    }
}
