import DL
import DLTestSupport
import XCTest

/// A model's configuration written as Keras 3 writes it: rebuilt from Keras's own JSON, each model
/// writes that JSON back (layer entries, inbound nodes, input and output layers, nested models),
/// and every configuration read back gives the same architecture and the same predictions.
final class ModelConfigWriterTests: XCTestCase {
    /// Keras's JSON as SwiftDL writes it: the custom `L1Distance` of the fixtures' Keras side is a
    /// plain Keras `Layer` subclass, whose configuration also holds the base-class arguments
    /// `activity_regularizer: null` and `autocast: true`, which SwiftDL's `L1Distance` does not write.
    private func comparable(_ value: LayerConfig) -> LayerConfig {
        ModelConfigFixtures.rewriting(value) { entry in
            guard entry["registered_name"] == "SwiftDL>L1Distance", var config = entry["config"]?.objectValue else { return nil }
            config["activity_regularizer"] = nil
            config["autocast"] = nil
            return entry.setting("config", .object(config))
        }
    }

    func testKeras3ConfigurationsComeBackAsKerasWroteThem() throws {
        for name in ["mlp", "lenet5", "small_vgg", "resnet", "conv_autoencoder", "siamese"] {
            let keras = try ModelConfigFixtures.toJSON(3, name)
            let model = try Model.deserialize(keras, compile: false)
            let ours = model.serializedConfig()
            XCTAssertEqual(ours["compile_config"], [:], name)
            XCTAssertEqual(ours.setting("compile_config", nil), comparable(keras).setting("compile_config", nil), name)
            XCTAssertEqual(model.getConfig(), comparable(try XCTUnwrap(keras["config"])), name)
            // The archive's config.json has the same model (its dtype policies carry shared_object_id).
            XCTAssertEqual(try Model.deserialize(try ModelConfigFixtures.saved(3, name, "keras_config"), compile: false).getConfig(),
                           model.getConfig(), name)
        }
    }

    func testNestedSharedModelsComeBackAsKerasWroteThem() throws {
        let keras = try XCTUnwrap(try ModelConfigFixtures.json(3, "extra_nested_shared.config.json")["to_json"])
        let model = try Model.deserialize(keras, compile: false)
        XCTAssertEqual(model.serializedConfig().setting("compile_config", nil), keras.setting("compile_config", nil))
        XCTAssertEqual(model.getConfig()["output_layers"], [["head", 0, 0], ["inner", 1, 0], ["twin", 1, 0]])
    }

    func testFunctionalEntriesHaveKerasInboundNodes() throws {
        let model = try Model.deserialize(try ModelConfigFixtures.toJSON(3, "siamese"), compile: false)
        let layers = try XCTUnwrap(model.getConfig()["layers"]?.arrayValue)
        let twin = try XCTUnwrap(layers.first { $0["name"] == "twin" })
        XCTAssertEqual(twin["class_name"], "Functional")
        XCTAssertEqual(twin["module"], "keras.src.models.functional")
        XCTAssertEqual(twin["inbound_nodes"]?.arrayValue?.count, 2)
        XCTAssertEqual(twin["inbound_nodes"]?.arrayValue?[1]["kwargs"], ["mask": nil])
        XCTAssertEqual(twin["inbound_nodes"]?.arrayValue?[1]["args"]?.arrayValue?[0]["config"]?["keras_history"], ["right", 0, 0])
        let distance = try XCTUnwrap(layers.first { $0["name"] == "l1_distance" })
        XCTAssertEqual(distance["registered_name"], "SwiftDL>L1Distance")
        XCTAssertEqual(distance["module"], .null)
        let histories = distance["inbound_nodes"]?.arrayValue?[0]["args"]?.arrayValue?[0].arrayValue?.map { $0["config"]?["keras_history"] }
        XCTAssertEqual(histories, [["twin", 0, 0], ["twin", 1, 0]])
        XCTAssertEqual(model.getConfig()["input_layers"], [["left", 0, 0], ["right", 0, 0]])
        XCTAssertEqual(model.getConfig()["output_layers"], ["dense_9", 0, 0])
    }

    func testLegacyFormIsWhatKeras3WritesInH5Files() throws {
        for name in ["mlp", "lenet5", "resnet", "conv_autoencoder", "siamese"] {
            let model = try Model.deserialize(try ModelConfigFixtures.toJSON(3, name), compile: false)
            let keras = try ModelConfigFixtures.saved(3, name, "h5_model_config")
            let normalized = ModelConfigFixtures.rewriting(keras) { entry in
                guard entry["class_name"] == "SwiftDL>L1Distance", var config = entry["config"]?.objectValue else { return nil }
                config["activity_regularizer"] = nil
                config["autocast"] = nil
                return entry.setting("config", .object(config))
            }
            XCTAssertEqual(model.legacySerializedConfig(), normalized, name)
        }
    }

    func testKeras2ConfigurationsRoundTripThroughOurs() throws {
        for (name, parameters) in ModelConfigFixtures.parameterCounts {
            let model = try Model.deserialize(try ModelConfigFixtures.toJSON(2, name), compile: false)
            let written = model.getConfig()
            let again = try Model.fromConfig(written, customObjects: [:])
            XCTAssertEqual(again.getConfig(), written, name)
            XCTAssertEqual(again.countParams(), parameters, name)
            XCTAssertEqual(ModelConfigFixtures.architecture(again), ModelConfigFixtures.architecture(model), name)
            let json = try Model.fromJSON(model.toJSON())
            XCTAssertEqual(json.getConfig(), written, name)
        }
    }

    func testSharedLayersAndNestedModelsMadeHereRoundTripWithTheSamePredictions() throws {
        let inner = Sequential([InputLayer(shape: [4]), Dense(3, activation: .tanh)], name: "inner")
        let shared = Dense(3, name: "shared")
        let a = Input(shape: [4], name: "a"), b = Input(shape: [4], name: "b")
        let left = shared(inner(a)), right = shared(inner(b))
        let joined = Concatenate()([left, right, shared(left)])
        let model = Model(inputs: [a, b], outputs: [Dense(2, name: "head")(joined), right], name: "shared_nested")
        let config = model.getConfig()
        let sharedEntry = try XCTUnwrap(config["layers"]?.arrayValue?.first { $0["name"] == "shared" })
        XCTAssertEqual(sharedEntry["inbound_nodes"]?.arrayValue?.count, 3)
        XCTAssertEqual(config["output_layers"], [["head", 0, 0], ["shared", 1, 0]])
        let rebuilt = try Model.fromConfig(config, customObjects: [:])
        XCTAssertEqual(rebuilt.getConfig(), config)
        XCTAssertEqual(rebuilt.countParams(), model.countParams())
        for (copy, original) in zip(rebuilt.weights, model.weights) { copy.value = original.value }
        let x = [Tensor.randomNormal([5, 4], seed: 1), Tensor.randomNormal([5, 4], seed: 2)]
        for (found, expected) in zip(try rebuilt.predictOutputs(x), try model.predictOutputs(x)) {
            assertTensorsClose(found, expected, accuracy: 1e-6)
        }
    }
}
