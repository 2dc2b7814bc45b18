import DL
import XCTest

final class TerminateOnNaNTests: XCTestCase {
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
