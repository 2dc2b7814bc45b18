import DL
import XCTest

/// `compile_config` and the legacy `training_config`: Keras 3's and Keras 2's read back into a
/// compile (optimizer with its settings, loss, metrics), and a compiled model's written as Keras does.
final class CompileConfigTests: XCTestCase {
    private func uncompiled(_ version: Int, _ name: String) throws -> Model {
        try Model.deserialize(try ModelConfigFixtures.toJSON(version, name), compile: false)
    }

    func testKeras3CompileConfigCompilesWithAdam() throws {
        let model = try Model.deserialize(try ModelConfigFixtures.toJSON(3, "mlp"))
        let adam = try XCTUnwrap(model.optimizer as? Adam)
        XCTAssertEqual(adam.learningRate, 0.001)
        XCTAssertTrue(model.loss is SparseCategoricalCrossentropy)
        XCTAssertEqual(model.compiledMetrics.map(\.name), ["accuracy"])
        let history = try model.fit(x: Tensor.randomNormal([8, 20], seed: 1), y: Tensor([0, 1, 2, 3, 4, 0, 1, 2]), epochs: 1, verbose: 0)
        XCTAssertEqual(Set(history.history.keys), ["loss", "accuracy"])
    }

    func testLegacyTrainingConfigsOfBothVersions() throws {
        for version in [2, 3] {
            let model = try uncompiled(version, "mlp")
            try model.compile(fromConfig: try ModelConfigFixtures.saved(version, "mlp", "h5_training_config"))
            XCTAssertEqual((model.optimizer as? Adam)?.learningRate, 0.001, "keras\(version)")
            XCTAssertTrue(model.loss is SparseCategoricalCrossentropy, "keras\(version)")
            XCTAssertEqual(model.compiledMetrics.map(\.name), ["accuracy"], "keras\(version)")
            let siamese = try uncompiled(version, "siamese")
            try siamese.compile(fromConfig: try ModelConfigFixtures.saved(version, "siamese", "h5_training_config"))
            XCTAssertTrue(siamese.loss is BinaryCrossentropy, "keras\(version)")
            XCTAssertTrue(siamese.compiledMetrics.isEmpty, "keras\(version)")
        }
    }

    func testArchiveWithoutOptimizerGetsKerasDefault() throws {
        // Keras 3.15's .keras config.json holds no optimizer in compile_config; Keras then compiles with "rmsprop".
        let config = try ModelConfigFixtures.saved(3, "mlp", "keras_config")
        XCTAssertNil(config["compile_config"]?["optimizer"])
        let model = try Model.deserialize(config)
        XCTAssertTrue(model.optimizer is RMSprop)
        XCTAssertTrue(model.loss is SparseCategoricalCrossentropy)
    }

    func testCompiledModelWritesWhatCompileReadsBack() throws {
        let model = try uncompiled(3, "lenet5")
        XCTAssertEqual(model.compileConfig(), [:])
        XCTAssertNil(model.trainingConfig())
        model.compile(optimizer: SGD(learningRate: 0.05, momentum: 0.9), loss: .categoricalCrossentropy,
                      metrics: [.accuracy, Precision()])
        let written = model.compileConfig()
        XCTAssertEqual(written["optimizer"]?["class_name"], "SGD")
        XCTAssertEqual(written["loss"]?["class_name"], "CategoricalCrossentropy")
        XCTAssertEqual(written["metrics"]?.arrayValue?.count, 2)
        XCTAssertEqual(written["steps_per_execution"], 1)
        let copy = try uncompiled(3, "lenet5")
        try copy.compile(fromConfig: written)
        XCTAssertEqual(copy.compileConfig(), written)
        let legacy = try XCTUnwrap(model.trainingConfig())
        XCTAssertEqual(legacy["optimizer_config"]?["class_name"], "SGD")
        XCTAssertEqual(legacy["optimizer_config"]?["config"], written["optimizer"]?["config"])
        XCTAssertNil(legacy["optimizer"])
        let fromLegacy = try uncompiled(3, "lenet5")
        try fromLegacy.compile(fromConfig: legacy)
        XCTAssertEqual(fromLegacy.compileConfig(), written)
        // The serialized model carries it, and deserializing compiles.
        let reloaded = try Model.deserialize(model.serializedConfig())
        XCTAssertEqual(reloaded.compileConfig(), written)
    }

    func testSeveralOutputsByListAndByOutputName() throws {
        let input = Input(shape: [3])
        let model = Model(inputs: input, outputs: [Dense(2, name: "a")(input), Dense(1, name: "b")(input)])
        model.compile(optimizer: Adam(), loss: [.meanSquaredError, .meanAbsoluteError], lossWeights: [1, 0.5],
                      metrics: [[.meanAbsoluteError], []])
        let written = model.compileConfig()
        XCTAssertEqual(written["loss"]?.arrayValue?.count, 2)
        XCTAssertEqual(written["loss_weights"], [1.0, 0.5])
        let copy = try Model.fromConfig(model.getConfig(), customObjects: [:])
        try copy.compile(fromConfig: written)
        XCTAssertEqual(copy.compileConfig(), written)
        let byName: LayerConfig = ["optimizer": "adam", "loss": ["b": "mae", "a": "mse"], "loss_weights": ["a": 2, "b": 1],
                                   "metrics": nil]
        try copy.compile(fromConfig: byName)
        XCTAssertTrue(copy.loss is MeanSquaredError)
    }

    func testBadCompileConfigsAreNamed() throws {
        let model = try uncompiled(3, "mlp")
        assertThrowsMentioning(["optimizer 'Lion'"]) { try model.compile(fromConfig: ["optimizer": "Lion", "loss": "mse"]) }
        assertThrowsMentioning(["loss 'nope'"]) { try model.compile(fromConfig: ["optimizer": "adam", "loss": "nope"]) }
        assertThrowsMentioning(["weighted_metrics"]) {
            try model.compile(fromConfig: ["optimizer": "adam", "loss": "mse", "weighted_metrics": ["mae"]])
        }
        assertThrowsMentioning(["unknown configuration key 'foo'"]) { try model.compile(fromConfig: ["loss": "mse", "foo": 1]) }
        XCTAssertNil(model.optimizer)
    }
}
