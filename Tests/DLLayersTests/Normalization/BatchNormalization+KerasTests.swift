import DL
import DLTestSupport
import XCTest

/// BatchNormalization against Keras 3.15 itself (`Tests/Fixtures/Keras/outputs/batchnorm_*.json`,
/// written by `generate_batchnorm.py`): the layer rebuilt from Keras's configuration, given
/// Keras's weights and input, gives Keras's output at inference and when training, and one
/// training call leaves Keras's moving statistics.
final class BatchNormalizationKerasTests: XCTestCase {
    private let cases = ["channels_last", "axis1_no_center", "dense_no_scale", "defaults"]

    private func tensor(_ value: LayerConfig?) throws -> Tensor { try KerasFixtures.tensor(value, in: "batchnorm") }

    /// Equal within 1e-5 relative (absolute below 1).
    private func assertClose(_ actual: Tensor, _ expected: Tensor, _ message: String, line: UInt = #line) {
        KerasFixtures.assertMatchesKeras(actual, expected, message, line: line)
    }

    func testOutputsAndMovingStatisticsEqualKeras() throws {
        for name in cases {
            let fixture = try KerasFixtures.load("outputs", "batchnorm_\(name).json")
            let layer = try XCTUnwrap(try BatchNormalization.fromConfig(try XCTUnwrap(fixture["config"])) as? BatchNormalization)
            let x = try tensor(fixture["input"])
            try layer.buildIfNeeded([Array(x.shape.dropFirst())])
            let weights = try XCTUnwrap(fixture["weights"]?.arrayValue)
            XCTAssertEqual(layer.weights.map(\.name), try weights.map { try XCTUnwrap($0["name"]?.stringValue) }, name)
            for (variable, weight) in zip(layer.weights, weights) { variable.value = try tensor(weight) }
            assertClose(layer(x, training: false), try tensor(fixture["inference_output"]), "\(name) inference")
            assertClose(layer(x, training: true), try tensor(fixture["training_output"]), "\(name) training")
            assertClose(try XCTUnwrap(layer.movingMean).value, try tensor(fixture["moving_mean_after_training"]), "\(name) moving mean")
            assertClose(try XCTUnwrap(layer.movingVariance).value, try tensor(fixture["moving_variance_after_training"]),
                        "\(name) moving variance")
            XCTAssertEqual(layer.getConfig(), fixture["config"], "\(name) configuration")
        }
    }
}
