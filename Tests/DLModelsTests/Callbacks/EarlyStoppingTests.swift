import DL
import DLTestSupport
import XCTest

final class EarlyStoppingTests: XCTestCase {
    /// Feeds `values` of `key` epoch by epoch until the model asks to stop; returns the epochs run.
    private func run(_ callback: EarlyStopping, on model: Model, key: String = "val_loss", _ values: [Float]) -> Int {
        callback.model = model
        callback.onTrainBegin(logs: [:])
        var epochs = 0
        for (epoch, value) in values.enumerated() where !model.stopTraining {
            callback.onEpochEnd(epoch, logs: [key: value])
            epochs += 1
        }
        callback.onTrainEnd(logs: [:])
        return epochs
    }

    func testPatience() {
        // Best 0.5 at epoch 1; epochs 2 and 3 do not improve → stop at epoch 3 with patience 2.
        let callback = EarlyStopping(patience: 2)
        XCTAssertEqual(run(callback, on: identityModel(), [0.9, 0.5, 0.6, 0.55, 0.1]), 4)
        XCTAssertEqual(callback.stoppedEpoch, 3)
        XCTAssertEqual(callback.bestEpoch, 1)
        XCTAssertEqual(callback.best, 0.5)
    }

    func testPatienceZeroStopsAtFirstNonImprovement() {
        let callback = EarlyStopping()
        XCTAssertEqual(run(callback, on: identityModel(), [0.9, 0.8, 0.85, 0.1]), 3)
    }

    func testMinDeltaAndAutoModeForAccuracy() {
        // "val_accuracy" is maximized; +0.005 is below minDelta 0.01, so it does not count.
        let callback = EarlyStopping(monitor: "val_accuracy", minDelta: 0.01, patience: 1)
        XCTAssertEqual(run(callback, on: identityModel(), key: "val_accuracy", [0.5, 0.7, 0.705, 0.9]), 3)
        XCTAssertEqual(callback.best, 0.7)
    }

    func testBaseline() {
        // An improvement that does not beat the baseline 0.3 does not restart the wait: epoch 0
        // leaves wait at 1, epoch 1 makes it 2 = patience → stop. Without the baseline: stop at epoch 2.
        XCTAssertEqual(run(EarlyStopping(patience: 2, baseline: 0.3), on: identityModel(), [0.9, 0.95, 0.97, 0.99]), 2)
        XCTAssertEqual(run(EarlyStopping(patience: 2), on: identityModel(), [0.9, 0.95, 0.97, 0.99]), 3)
        // As in Keras 3, an epoch that improves never stops training, whatever the wait.
        XCTAssertEqual(run(EarlyStopping(patience: 1, baseline: 0.3), on: identityModel(), [0.9, 0.8, 0.7, 0.6]), 4)
    }

    func testMissingMonitorIsIgnoredWithKerasWarning() {
        let model = identityModel()
        var epochs = 0
        let warnings = capturing(STDERR_FILENO) {
            epochs = run(EarlyStopping(), on: model, key: "loss", [0.9, 1.0, 1.1])
        }
        XCTAssertEqual(epochs, 3)
        XCTAssertFalse(model.stopTraining)
        // Keras 3.15 (early_stopping.py), shown once for the same text as Python does.
        XCTAssertEqual(warnings, "UserWarning: Early stopping conditioned on metric `val_loss` which is not available. "
                       + "Available metrics are: loss\n")
    }

    func testMissingMonitorWarningListsTheKeysAsKerasDoes() throws {
        let x = Tensor(shape: [4, 2], scalars: (0..<8).map { Float($0) / 8 })
        let model = Sequential([Dense(2, activation: .softmax, inputShape: [2])])
        model.compile(optimizer: SGD(), loss: .sparseCategoricalCrossentropy, metrics: [.accuracy])
        let y = Tensor([0, 1, 0, 1])
        let stopping = try capturing(STDERR_FILENO) {
            try model.fit(x: x, y: y, epochs: 2, verbose: 0, callbacks: [EarlyStopping(monitor: "val_acc")])
        }
        XCTAssertEqual(stopping, "UserWarning: Early stopping conditioned on metric `val_acc` which is not available. "
                       + "Available metrics are: accuracy,loss\n")
        let reducing = try capturing(STDERR_FILENO) {
            try model.fit(x: x, y: y, epochs: 2, verbose: 0, callbacks: [ReduceLROnPlateau(monitor: "val_acc")])
        }
        XCTAssertEqual(reducing, "UserWarning: Learning rate reduction is conditioned on metric `val_acc` which is not "
                       + "available. Available metrics are: accuracy,loss,learning_rate.\n")
    }

    func testRestoreBestWeights() {
        let (model, weight) = scaleModel()
        let callback = EarlyStopping(patience: 1, restoreBestWeights: true)
        callback.model = model
        callback.onTrainBegin(logs: [:])
        // The weight drifts each epoch; the best val_loss is at epoch 1 (weight [2, 2]).
        for (epoch, loss) in [Float(0.9), 0.4, 0.6, 0.7].enumerated() where !model.stopTraining {
            weight.assign(Tensor([Float(epoch + 1), Float(epoch + 1)]))
            callback.onEpochEnd(epoch, logs: ["val_loss": loss])
        }
        XCTAssertTrue(model.stopTraining)
        XCTAssertEqual(weight.storedValue.scalars, [3, 3])
        callback.onTrainEnd(logs: [:])
        XCTAssertEqual(weight.storedValue.scalars, [2, 2])
        XCTAssertEqual(callback.bestEpoch, 1)
    }
}
