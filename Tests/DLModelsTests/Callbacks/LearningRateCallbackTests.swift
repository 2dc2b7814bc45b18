import DL
import DLTestSupport
import XCTest

final class LearningRateCallbackTests: XCTestCase {
    func testReduceLROnPlateau() {
        let optimizer = SGD(learningRate: 1)
        let callback = ReduceLROnPlateau(factor: 0.5, patience: 2, minLR: 0.2)
        callback.optimizer = optimizer
        callback.onTrainBegin(logs: [:])
        var rates: [Float] = []
        // epoch 0 sets best 1.0; epochs 1, 2 no improvement → ×0.5 after epoch 2;
        // epochs 3, 4 → 0.25; epochs 5, 6 → max(0.125, 0.2) = 0.2; then no further change.
        for (epoch, loss) in [Float(1.0), 1.0, 1.1, 1.0, 1.2, 1.0, 1.0, 1.0, 1.0].enumerated() {
            callback.onEpochEnd(epoch, logs: ["val_loss": loss])
            rates.append(optimizer.learningRate)
        }
        assertScalarsClose(rates, [1, 1, 0.5, 0.5, 0.25, 0.25, 0.2, 0.2, 0.2])
    }

    func testReduceLROnPlateauCooldownAndMinDelta() {
        let optimizer = SGD(learningRate: 1)
        let callback = ReduceLROnPlateau(monitor: "loss", factor: 0.1, patience: 1, minDelta: 0.05, cooldown: 2)
        callback.optimizer = optimizer
        callback.onTrainBegin(logs: [:])
        var rates: [Float] = []
        // 0.98 is not an improvement on 1.0 by more than 0.05 → reduce after epoch 1. As in Keras, the
        // cooldown counter is decremented before it is checked, so cooldown 2 skips one epoch (epoch 2).
        for (epoch, loss) in [Float(1.0), 0.98, 0.97, 0.96].enumerated() {
            callback.onEpochEnd(epoch, logs: ["loss": loss])
            rates.append(optimizer.learningRate)
        }
        assertScalarsClose(rates, [1, 0.1, 0.1, 0.01], accuracy: 1e-7)
        var logs: [String: Float] = ["loss": 1]
        callback.addEpochLogs(4, logs: &logs)
        XCTAssertEqual(logs["learning_rate"] ?? 0, 0.01, accuracy: 1e-9)
    }

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
