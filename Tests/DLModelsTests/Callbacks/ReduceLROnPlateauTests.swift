import DL
import DLTestSupport
import XCTest

final class ReduceLROnPlateauTests: XCTestCase {
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

    func testAFactorOfOneOrMoreIsAnErrorFromFitNotATrap() throws {
        XCTAssertNoThrow(try ReduceLROnPlateau(factor: 0.5).validateArguments())
        for factor in [Float(2), 1, .nan] {
            let callback = ReduceLROnPlateau(factor: factor)   // the initializer does not trap
            XCTAssertThrowsError(try callback.validateArguments()) { error in
                XCTAssertEqual(error as? DLError, .invalidArgument(
                    context: "ReduceLROnPlateau",
                    message: "ReduceLROnPlateau does not support a factor >= 1.0. Received: factor=\(factor)"))
            }
        }
        // fit checks it before training starts: no step runs, no hook is called.
        let (model, weight) = scaleModel()
        model.compile(optimizer: SGD(learningRate: 0.5), loss: .meanSquaredError)
        var began = false
        let x = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        XCTAssertThrowsError(try model.fit(x: x, y: x * 3, verbose: 0, callbacks: [
            LambdaCallback(onTrainBegin: { _ in began = true }), ReduceLROnPlateau(factor: 2),
        ])) { error in
            XCTAssertEqual("\(error)", "ReduceLROnPlateau: ReduceLROnPlateau does not support a factor >= 1.0. Received: factor=2.0")
        }
        XCTAssertFalse(began)
        XCTAssertEqual(weight.storedValue.scalars, [1, 1])
    }

    func testMissingMonitorWarnsOnceAndChangesNothing() {
        let optimizer = SGD(learningRate: 1)
        let callback = ReduceLROnPlateau(patience: 0)
        callback.optimizer = optimizer
        callback.onTrainBegin(logs: [:])
        let warnings = capturing(STDERR_FILENO) {
            for epoch in 0..<3 {
                var logs: [String: Float] = ["loss": 1, "accuracy": 0.5]
                callback.addEpochLogs(epoch, logs: &logs)
                callback.onEpochEnd(epoch, logs: logs)
            }
        }
        XCTAssertEqual(optimizer.learningRate, 1)
        // Keras 3.15 (reduce_lr_on_plateau.py) adds learning_rate to the logs before checking.
        XCTAssertEqual(warnings, "UserWarning: Learning rate reduction is conditioned on metric `val_loss` which is not "
                       + "available. Available metrics are: accuracy,loss,learning_rate.\n")
    }
}
