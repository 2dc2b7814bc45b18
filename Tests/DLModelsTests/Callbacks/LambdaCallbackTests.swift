import DL
import XCTest

final class LambdaCallbackTests: XCTestCase {
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
}
