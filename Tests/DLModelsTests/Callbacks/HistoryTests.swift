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
}
