import DL
import DLTestSupport
import Foundation
import XCTest

/// Functional (and Sequential) models rebuilt from the configurations real Keras 3 and Keras 2
/// (tf-keras) wrote: Keras's parameter counts and output shapes, one architecture from both
/// versions, and Keras 2's numbering of a shared nested model (which Keras 3 cannot read).
final class ModelConfigReaderTests: XCTestCase {
    /// Every fixture, from every form Keras stores it in.
    private func configurations(_ model: String) throws -> [(String, LayerConfig)] {
        [("keras3 to_json", try ModelConfigFixtures.toJSON(3, model)),
         ("keras3 .keras", try ModelConfigFixtures.saved(3, model, "keras_config")),
         ("keras3 .h5", try ModelConfigFixtures.saved(3, model, "h5_model_config")),
         ("keras2 to_json", try ModelConfigFixtures.toJSON(2, model)),
         ("keras2 .h5", try ModelConfigFixtures.saved(2, model, "h5_model_config"))]
    }

    func testEveryFixtureRebuildsWithKerasParametersAndShapes() throws {
        for (name, parameters) in ModelConfigFixtures.parameterCounts {
            let expectedShapes = try ModelConfigFixtures.outputShapes(3, name).map { Array($0.dropFirst()) }
            var architectures: [[String]] = []
            for (form, serialized) in try configurations(name) {
                let model = try Model.deserialize(serialized, compile: false)
                XCTAssertEqual(model.countParams(), parameters, "\(name) \(form)")
                XCTAssertEqual(model.outputs.map(\.shape), expectedShapes, "\(name) \(form)")
                XCTAssertEqual(model.name, serialized["config"]?["name"]?.stringValue, "\(name) \(form)")
                XCTAssertEqual(model is Sequential, serialized["class_name"] == "Sequential", "\(name) \(form)")
                architectures.append(ModelConfigFixtures.architecture(model))
            }
            for (index, architecture) in architectures.enumerated() {
                XCTAssertEqual(architecture, architectures[0], "\(name): form \(index) differs from Keras 3's")
            }
        }
    }

    func testResNetGraphHasKerasLayersInKerasOrder() throws {
        let config = try ModelConfigFixtures.toJSON(3, "resnet")
        let model = try Model.deserialize(config, compile: false)
        let names = try XCTUnwrap(config["config"]?["layers"]?.arrayValue).compactMap { $0["name"]?.stringValue }
        XCTAssertEqual(model.layers.map(\.name), names)
        XCTAssertEqual(model.layers.filter { $0 is BatchNormalization }.count, 6)
        XCTAssertEqual(model.layers.filter { $0 is Add }.count, 2)
        XCTAssertEqual(try model.predict(Tensor.zeros([2, 8, 8, 1])).shape, [2, 3])
    }

    func testSiameseSharesItsNestedTwinInBothVersions() throws {
        for version in [2, 3] {
            let model = try Model.deserialize(try ModelConfigFixtures.toJSON(version, "siamese"), compile: false)
            let twin = try XCTUnwrap(model.layer(named: "twin") as? Model)
            XCTAssertEqual(model.inputs.map(\.layer.name), ["left", "right"])
            let distance = try XCTUnwrap(model.layer(named: "l1_distance"))
            XCTAssertTrue(distance is L1Distance)
            // Both inputs of the distance come from the one twin: its calls 0 and 1 here.
            let reads = try XCTUnwrap(distance.output).inputs
            XCTAssertTrue(reads.allSatisfy { $0.layer === twin })
            XCTAssertEqual(reads.map(\.nodeIndex), [0, 1])
            XCTAssertEqual(reads.map { $0.inputs.first?.layer.name }, ["left", "right"])
            XCTAssertEqual(twin.countParams() + 17, model.countParams())
            // One twin, so the same image on both sides is at distance 0.
            let image = Tensor.randomNormal([2, 12, 12, 1], seed: 3)
            assertTensorsClose(try model.predict([image, image]), Tensor(repeating: sigmoid(try bias(of: model)), shape: [2, 1]), accuracy: 1e-6)
        }
    }

    func testKeras2NestedNodeNumbersAreReadAsKeras2MeansThem() throws {
        let keras2 = try ModelConfigFixtures.toJSON(2, "siamese")
        // Keras 2 numbers the twin's calls from 1 (its node 0 is its own construction).
        let distance = try XCTUnwrap(keras2["config"]?["layers"]?.arrayValue?.first { $0["name"] == "l1_distance" })
        XCTAssertEqual(distance["inbound_nodes"], [[["twin", 1, 0, [:]], ["twin", 2, 0, [:]]]])
        XCTAssertNoThrow(try Model.deserialize(keras2, compile: false))
        // In Keras 3's node format the same numbers mean the twin's calls 1 and 2, and call 2 does not exist.
        let keras3 = ModelConfigFixtures.rewriting(try ModelConfigFixtures.toJSON(3, "siamese")) { value -> LayerConfig? in
            if value == ["twin", 1, 0] { return ["twin", 2, 0] }
            if value == ["twin", 0, 0] { return ["twin", 1, 0] }
            return .none
        }
        XCTAssertNotEqual(keras3, try ModelConfigFixtures.toJSON(3, "siamese"))
        assertThrowsMentioning(["unresolved calls", "l1_distance"]) { try Model.deserialize(keras3, compile: false) }
    }

    func testNestedSequentialAndFunctionalSharedAndReadByTheOutputs() throws {
        // Keras 2 counts both nested models' calls from 1 everywhere; Keras 3 from 0 in inbound_nodes
        // and, for the functional one only, from 1 in output_layers.
        var architectures: [[String]] = []
        for version in [2, 3] {
            let fixture = try ModelConfigFixtures.json(version, "extra_nested_shared.config.json")
            let model = try Model.deserialize(try XCTUnwrap(fixture["to_json"]), compile: false)
            XCTAssertEqual(model.countParams(), fixture["parameters"]?.intValue, "keras\(version)")
            XCTAssertEqual(model.outputs.map(\.shape), [[2], [3], [3]], "keras\(version)")
            let inner = try XCTUnwrap(model.layer(named: "inner") as? Sequential)
            let twin = try XCTUnwrap(model.layer(named: "twin"))
            // The second output is inner's call on b, the third twin's call on a.
            XCTAssertTrue(model.outputs[1].layer === inner && model.outputs[1].inputs.first?.layer.name == "b", "keras\(version)")
            XCTAssertTrue(model.outputs[2].layer === twin && model.outputs[2].inputs.first?.layer.name == "a", "keras\(version)")
            let merged = try XCTUnwrap(model.layer(named: "merged")?.output)
            XCTAssertEqual(merged.inputs.map { "\($0.layer.name)\($0.nodeIndex)" }, ["inner0", "inner1", "twin0", "shared0", "shared1"])
            XCTAssertEqual(merged.inputs[3].inputs.first?.layer.name, "twin")
            XCTAssertEqual(merged.inputs[3].inputs.first?.nodeIndex, 1)
            architectures.append(ModelConfigFixtures.architecture(model))
        }
        XCTAssertEqual(architectures[0], architectures[1])
    }

    func testKeras2DeferredNestedSequentialCountsFromZero() throws {
        // A nested Sequential with no input of its own: tf-keras skips no first node for it.
        let input: (String) -> LayerConfig = { name in
            ["class_name": "InputLayer", "name": .string(name), "inbound_nodes": [],
             "config": ["batch_input_shape": [nil, 4], "dtype": "float32", "name": .string(name)]]
        }
        let config: LayerConfig = [
            "name": "deferred", "layers": [
                input("a"), input("b"),
                ["class_name": "Sequential", "name": "inner",
                 "config": ["name": "inner", "layers": [["class_name": "Dense", "config": ["name": "d", "units": 3]]]],
                 "inbound_nodes": [[["a", 0, 0, [:]]], [["b", 0, 0, [:]]]]],
                ["class_name": "Concatenate", "name": "c", "config": ["name": "c", "axis": -1],
                 "inbound_nodes": [[["inner", 0, 0, [:]], ["inner", 1, 0, [:]]]]],
            ],
            "input_layers": [["a", 0, 0], ["b", 0, 0]], "output_layers": [["c", 0, 0]],
        ]
        let model = try Model.fromConfig(config, customObjects: [:])
        XCTAssertEqual(model.outputs[0].shape, [6])
        XCTAssertEqual(model.outputs[0].inputs.map { $0.inputs.first?.layer.name }, ["a", "b"])
        XCTAssertEqual(model.countParams(), 15)
    }

    func testConv2DTransposeGroupsFromKeras2() throws {
        let config = try ModelConfigFixtures.toJSON(2, "conv_autoencoder")
        let model = try Model.deserialize(config, compile: false)
        XCTAssertEqual(model.layers.filter { $0 is Conv2DTranspose }.count, 2)
        let grouped = ModelConfigFixtures.rewriting(config) { value -> LayerConfig? in
            guard value["name"] == "conv2d_transpose", value["groups"] != nil else { return .none }
            return value.setting("groups", 2)
        }
        XCTAssertNotEqual(grouped, config)
        assertThrowsMentioning(["Conv2DTranspose", "groups", "2"]) { try Model.deserialize(grouped, compile: false) }
    }

    private func bias(of model: Model) throws -> Float {
        let dense = try XCTUnwrap(model.layers.last as? Dense)
        return dense.weights[1].value.scalars[0]
    }

    private func sigmoid(_ x: Float) -> Float { 1 / (1 + exp(-x)) }
}
