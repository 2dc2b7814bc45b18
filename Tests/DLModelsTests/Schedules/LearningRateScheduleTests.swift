import DL
import DLTestSupport
import XCTest

/// `LearningRateSchedules.serialize`/`deserialize` against the JSON Keras 3.15 wrote
/// (`Tests/Fixtures/Keras/schedules.json`).
final class LearningRateScheduleTests: XCTestCase {
    func testReadsAndWritesWhatKerasWrote() throws {
        let schedules = try assertKerasFixtureRoundTrips("schedules.json", count: 5, { try LearningRateSchedules.deserialize($0) },
                                                         LearningRateSchedules.serialize)
        let warm = try XCTUnwrap(schedules[4] as? CosineDecay)
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
