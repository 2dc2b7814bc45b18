import DL
import XCTest

final class MeanMetricTests: XCTestCase {
    func testAWeightedRunningMeanThatResets() {
        let metric = MeanMetric(name: "kl_loss")
        XCTAssertEqual(metric.name, "kl_loss")
        XCTAssertEqual(metric.result, 0)
        metric.update(1)
        metric.update(4)
        XCTAssertEqual(metric.result, 2.5)
        metric.update(10, weight: 2)   // (1 + 4 + 20) / 4
        XCTAssertEqual(metric.result, 6.25)
        metric.reset()
        XCTAssertEqual(metric.result, 0)
        metric.update(-3)
        XCTAssertEqual(metric.result, -3)
    }
}
