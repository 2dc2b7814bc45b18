import DL
import DLTestSupport
import XCTest

/// `LearningRateSchedules.serialize`/`deserialize` against the JSON Keras 3.15 wrote
/// (`Tests/Fixtures/Keras/schedules.json`).
final class LearningRateScheduleTests: XCTestCase {
    func testReadsAndWritesWhatKerasWrote() throws {
        let fixtures = try kerasFixture("schedules.json")
        XCTAssertEqual(fixtures.count, 5)
        for serialized in fixtures {
            let schedule = try LearningRateSchedules.deserialize(serialized)
            XCTAssertEqual(LearningRateSchedules.serialize(schedule), serialized)
            XCTAssertEqual(String(describing: type(of: schedule)), serialized["class_name"]?.stringValue)
        }
        let warm = try XCTUnwrap(try LearningRateSchedules.deserialize(fixtures[4]) as? CosineDecay)
        XCTAssertEqual(warm.warmupTarget, 0.5)
        XCTAssertEqual(warm.warmupSteps, 100)
        XCTAssertEqual(warm.name, "warm")
    }

    func testUnknownScheduleIsNamed() {
        assertThrowsMentioning(["learning-rate schedule 'InverseTimeDecay'"]) {
            try LearningRateSchedules.deserialize(["class_name": "InverseTimeDecay", "config": [:]])
        }
    }
}
