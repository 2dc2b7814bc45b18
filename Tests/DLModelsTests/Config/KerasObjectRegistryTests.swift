import DL
import XCTest

/// The serialized-object wrapper shared by `Optimizers`, `Losses`, `Metrics` and
/// `LearningRateSchedules`: Keras 3's and Keras 2's forms, custom objects, bad wrappers.
final class KerasObjectRegistryTests: XCTestCase {
    /// A user's metric, not built in.
    private final class Countdown: Metric {
        let name = "countdown"
        func reset() {}
        func update(yTrue: Tensor, yPred: Tensor) {}
        func result() -> Float { 0 }
    }

    func testCustomObjectsAreWrittenUnderARegisteredName() throws {
        let serialized = Metrics.serialize(Countdown())
        XCTAssertEqual(serialized, ["module": nil, "class_name": "Countdown", "registered_name": "Countdown",
                                    "config": ["name": "countdown", "dtype": "float32"]])
        assertThrowsMentioning(["metric 'Countdown'", "customObjects"]) { try Metrics.deserialize(serialized) }
        let rebuilt = try Metrics.deserialize(serialized, customObjects: ["Countdown": { _ in Countdown() }])
        XCTAssertTrue(rebuilt is Countdown)
    }

    func testKeras2FormWithoutModule() throws {
        let loss = try Losses.deserialize(["class_name": "Huber", "config": ["delta": 3.0]])
        XCTAssertEqual((loss as? Huber)?.delta, 3)
        XCTAssertTrue(try Losses.deserialize(["class_name": "Hinge"]) is Hinge)   // no config: Keras's defaults
    }

    func testBadWrappersAreNamed() {
        assertThrowsMentioning(["config", "an object", "[1]"]) { try Losses.deserialize(["class_name": "Hinge", "config": [1]]) }
        assertThrowsMentioning(["class_name", "a string"]) { try Losses.deserialize(["class_name": 3]) }
        assertThrowsMentioning(["JSON object"]) { try Metrics.deserialize(3) }
    }
}
