import DL
import DLTestSupport
import XCTest

final class LearningRateSchedulerTests: XCTestCase {
    func testLearningRateScheduler() {
        let optimizer = Adam(learningRate: 0.1)
        let callback = LearningRateScheduler { epoch, rate in epoch < 2 ? rate : rate * 0.5 }
        callback.optimizer = optimizer
        var rates: [Float] = []
        for epoch in 0..<4 {
            callback.onEpochBegin(epoch, logs: [:])
            rates.append(optimizer.learningRate)
        }
        assertScalarsClose(rates, [0.1, 0.1, 0.05, 0.025])
        var logs: [String: Float] = [:]
        callback.addEpochLogs(3, logs: &logs)
        XCTAssertEqual(logs["learning_rate"], 0.025)
    }

    func testSchedulerWithoutOptimizerDoesNothing() {
        let callback = attach(LearningRateScheduler { _, _ in 1 }, to: identityModel())
        callback.onEpochBegin(0, logs: [:])
        var logs: [String: Float] = [:]
        callback.addEpochLogs(0, logs: &logs)
        XCTAssertNil(logs["learning_rate"])
    }
}
