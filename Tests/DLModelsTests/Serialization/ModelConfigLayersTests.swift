import DL
import DLTestSupport
import Foundation
import XCTest

/// The layers of a model configuration: custom objects by layer name, registered name or class
/// name; a Python `Lambda` refused by name unless a Swift closure stands in for it; unknown classes
/// named with their layer; SwiftDL's `L1Distance` under Keras's registered name.
final class ModelConfigLayersTests: XCTestCase {
    func testPythonLambdaIsRefusedByNameInBothVersions() throws {
        for version in [2, 3] {
            for config in [try ModelConfigFixtures.toJSON(version, "lambda_double"),
                           try ModelConfigFixtures.saved(version, "lambda_double", "h5_model_config")] {
                assertThrowsMentioning(["'double'", "Lambda", "Python bytecode", "customObjects", "Received:"]) {
                    try Model.deserialize(config, compile: false)
                }
            }
        }
    }

    func testLambdaTakesTheClosureRegisteredByLayerNameOrClassName() throws {
        let double: (LayerConfig) throws -> Layer = { config in
            Lambda(name: config["name"]?.stringValue) { $0 * 2 }
        }
        for version in [2, 3] {
            let config = try ModelConfigFixtures.toJSON(version, "lambda_double")
            for key in ["double", "Lambda"] {
                let model = try Model.deserialize(config, customObjects: [key: double], compile: false)
                XCTAssertEqual(model.countParams(), 4 * 3 + 3 + 3 * 2 + 2)
                let lambda = try XCTUnwrap(model.layer(named: "double") as? Lambda)
                let dense = try XCTUnwrap(model.layers.first as? Dense)
                let x = Tensor.randomNormal([3, 4], seed: 5)
                assertTensorsClose(lambda(dense(x)), dense(x) * 2, accuracy: 1e-6)
                XCTAssertEqual(try model.predict(x).shape, [3, 2])
            }
        }
    }

    func testTheLayerNameWinsOverTheClassName() throws {
        let config = try ModelConfigFixtures.toJSON(3, "mlp")
        var made: [String] = []
        let model = try Model.deserialize(config, customObjects: [
            "Dense": { config in made.append("class"); return try Dense.fromConfig(config) },
            "dense_1": { config in made.append("name"); return Dense(7, name: "dense_1") },
        ], compile: false)
        XCTAssertEqual(made.sorted(), ["class", "name"])
        XCTAssertEqual(model.outputs[0].shape, [7])
    }

    func testUnknownClassNamesTheClassAndTheLayer() throws {
        let config = ModelConfigFixtures.rewriting(try ModelConfigFixtures.toJSON(3, "resnet")) { value -> LayerConfig? in
            guard value["name"] == "global_average_pooling2d", value["inbound_nodes"] != nil else { return .none }
            return value.setting("class_name", "Conv3D")
        }
        assertThrowsMentioning(["'global_average_pooling2d'", "unknown class 'Conv3D'", "customObjects", "Received: class_name=\"Conv3D\""]) {
            try Model.deserialize(config, compile: false)
        }
        // A custom object for the unknown class is used.
        let model = try Model.deserialize(config, customObjects: ["Conv3D": { _ in GlobalAveragePooling2D(name: "gap") }], compile: false)
        XCTAssertEqual(model.countParams(), 19_907)
    }

    func testL1DistanceUnderKerasRegisteredNameAndUnderAnyOtherPackage() throws {
        let entry = LayerRegistry.serialize(L1Distance(name: "d"))
        XCTAssertEqual(entry["registered_name"], "SwiftDL>L1Distance")
        XCTAssertEqual(entry["module"], .null)
        XCTAssertEqual(entry["class_name"], "L1Distance")
        // Keras's legacy form names it "SwiftDL>L1Distance"; another package's class of that name is not ours.
        let legacy = try ModelConfigFixtures.saved(3, "siamese", "h5_model_config")
        XCTAssertNoThrow(try Model.deserialize(legacy, compile: false))
        let foreign = ModelConfigFixtures.rewriting(legacy) { value -> LayerConfig? in
            value == "SwiftDL>L1Distance" ? .some("Other>L1Distance") : .none
        }
        assertThrowsMentioning(["'l1_distance'", "unknown class 'Other>L1Distance'"]) { try Model.deserialize(foreign, compile: false) }
    }

    func testKeras2NamedFunctionLambdaReadsARegisteredFunction() throws {
        Lambda.register(name: "halve") { $0 * 0.5 }
        let config: LayerConfig = [
            "name": "named", "layers": [
                ["class_name": "InputLayer", "config": ["batch_input_shape": [nil, 2], "dtype": "float32", "name": "in"]],
                ["class_name": "Lambda", "config": ["name": "half", "trainable": true, "dtype": "float32", "function": "halve",
                                                    "function_type": "function", "module": "__main__", "output_shape": nil,
                                                    "output_shape_type": "raw", "output_shape_module": nil, "arguments": [:]]],
            ],
        ]
        let model = try Model.fromConfig(config, customObjects: [:])
        assertTensorsClose(try model.predict(Tensor([[2, 4]])), Tensor([[1, 2]]), accuracy: 0)
    }
}
