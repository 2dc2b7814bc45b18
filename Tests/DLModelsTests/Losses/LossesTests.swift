import DL
import DLTestSupport
import XCTest

/// `Losses.serialize`/`deserialize` against the JSON Keras 3.15 wrote
/// (`Tests/Fixtures/Keras/losses.json`, `compile_config.json`), and compile's strings.
final class LossesTests: XCTestCase {
    func testReadsAndWritesWhatKerasWrote() throws {
        let losses = try assertKerasFixtureRoundTrips("losses.json", count: 9, { try Losses.deserialize($0) }, Losses.serialize)
        let smoothed = try XCTUnwrap(losses[3] as? BinaryCrossentropy)
        XCTAssertTrue(smoothed.fromLogits)
        XCTAssertEqual(smoothed.labelSmoothing, 0.1)
    }

    func testCompileConfigLosses() throws {
        let compiled = try kerasFixture("compile_config.json")
        XCTAssertTrue(try Losses.deserialize(try XCTUnwrap(compiled[0]["loss"])) is SparseCategoricalCrossentropy)
        XCTAssertTrue(try Losses.deserialize(try XCTUnwrap(compiled[1]["loss"])) is MeanSquaredError)
    }

    func testCompileStrings() throws {
        let strings = ["mse", "MSE", "mean_squared_error", "mae", "mean_absolute_error", "bce", "binary_crossentropy",
                       "categorical_crossentropy", "sparse_categorical_crossentropy", "kld", "kl_divergence", "hinge", "huber",
                       "MeanSquaredError", "Huber"]
        let classes = try strings.map { String(describing: type(of: try Losses.deserialize(.string($0)))) }
        XCTAssertEqual(classes, ["MeanSquaredError", "MeanSquaredError", "MeanSquaredError", "MeanAbsoluteError", "MeanAbsoluteError",
                                 "BinaryCrossentropy", "BinaryCrossentropy", "CategoricalCrossentropy", "SparseCategoricalCrossentropy",
                                 "KLDivergence", "KLDivergence", "Hinge", "Huber", "MeanSquaredError", "Huber"])
    }

    func testUnknownLossesAreNamed() {
        assertThrowsMentioning(["loss 'poisson'", "mse"]) { try Losses.deserialize("poisson") }
        assertThrowsMentioning(["loss 'Dice'"]) { try Losses.deserialize(["class_name": "Dice", "config": [:]]) }
        assertThrowsMentioning(["Hinge", "unknown configuration key 'delta'"]) {
            try Losses.deserialize(["class_name": "Hinge", "config": ["delta": 1.0]])
        }
    }
}
