import DL
import XCTest

final class HistoryTests: XCTestCase {
    func testRecordsEveryEpoch() {
        let history = History()
        history.onTrainBegin(logs: [:])
        history.onEpochEnd(0, logs: ["loss": 0.9, "accuracy": 0.5])
        history.onEpochEnd(1, logs: ["loss": 0.7, "accuracy": 0.6, "val_loss": 0.8])
        XCTAssertEqual(history.epoch, [0, 1])
        XCTAssertEqual(history.history["loss"], [0.9, 0.7])
        XCTAssertEqual(history.history["accuracy"], [0.5, 0.6])
        XCTAssertEqual(history.history["val_loss"], [0.8])
    }

    func testLambdaCallbackRunsEachClosure() {
        var events: [String] = []
        let callback = LambdaCallback(
            onEpochBegin: { epoch, _ in events.append("epochBegin \(epoch)") },
            onEpochEnd: { epoch, logs in events.append("epochEnd \(epoch) \(logs["loss"] ?? -1)") },
            onBatchBegin: { batch, _ in events.append("batchBegin \(batch)") },
            onBatchEnd: { batch, _ in events.append("batchEnd \(batch)") },
            onTrainBegin: { _ in events.append("trainBegin") },
            onTrainEnd: { _ in events.append("trainEnd") })
        callback.onTrainBegin(logs: [:])
        callback.onEpochBegin(0, logs: [:])
        callback.onBatchBegin(0, logs: [:])
        callback.onBatchEnd(0, logs: ["loss": 1])
        callback.onEpochEnd(0, logs: ["loss": 0.5])
        callback.onTrainEnd(logs: [:])
        XCTAssertEqual(events, ["trainBegin", "epochBegin 0", "batchBegin 0", "batchEnd 0", "epochEnd 0 0.5", "trainEnd"])
        LambdaCallback(onEpochEnd: { _, _ in }).onBatchEnd(0, logs: [:])   // missing closures do nothing
    }

    func testTerminateOnNaN() {
        let model = identityModel()
        let callback = attach(TerminateOnNaN(), to: model)
        callback.onBatchEnd(0, logs: ["loss": 0.5])
        XCTAssertFalse(model.stopTraining)
        callback.onBatchEnd(1, logs: ["loss": .infinity])
        XCTAssertTrue(model.stopTraining)
        XCTAssertEqual(callback.terminatedAtBatch, 1)
        let other = identityModel()
        attach(TerminateOnNaN(), to: other).onBatchEnd(3, logs: ["loss": .nan])
        XCTAssertTrue(other.stopTraining)
    }
}
