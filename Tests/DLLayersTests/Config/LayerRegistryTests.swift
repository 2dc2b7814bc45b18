import DL
import XCTest

/// Layers by Keras class name, and their serialized form inside a model's configuration.
final class LayerRegistryTests: XCTestCase {
    func testEveryBuiltInLayerIsRegisteredUnderItsKerasName() {
        for (name, type) in LayerRegistry.builtIn { XCTAssertEqual(type.kerasClassName, name) }
        XCTAssertTrue(LayerRegistry.layerType(named: "MaxPool2D") == MaxPooling2D.self)
        XCTAssertNil(LayerRegistry.layerType(named: "Conv3D"))
    }

    func testSerializeWritesBuildConfigOnlyForLayersKerasBuilds() throws {
        let dense = Dense(2, name: "d")
        XCTAssertNil(LayerRegistry.serialize(dense)["build_config"])
        _ = dense(Tensor.ones([1, 3]))
        XCTAssertEqual(LayerRegistry.serialize(dense)["build_config"], ["input_shape": [nil, 3]])
        let dropout = Dropout(0.5)
        _ = dropout(Tensor.ones([1, 3]))
        XCTAssertNil(LayerRegistry.serialize(dropout)["build_config"])
        let entry = LayerRegistry.serialize(dense)
        XCTAssertEqual(entry["module"], "keras.layers")
        XCTAssertEqual(entry["class_name"], "Dense")
        XCTAssertEqual(entry["config"], dense.getConfig())
    }

    func testDeserializeUsesCustomObjectsFirst() throws {
        let entry: LayerConfig = ["class_name": "Dense", "config": ["units": 2, "name": "x"]]
        XCTAssertTrue(try LayerRegistry.deserialize(entry, owner: "Sequential", key: "layers[0]") is Dense)
        let custom = try LayerRegistry.deserialize(entry, owner: "Sequential", key: "layers[0]",
                                                   customObjects: ["Dense": { _ in Flatten(name: "custom") }])
        XCTAssertEqual(custom.name, "custom")
        XCTAssertThrowsError(try LayerRegistry.deserialize(["class_name": "Dense", "config": [:], "extra": 1],
                                                           owner: "Sequential", key: "layers[0]")) {
            XCTAssertTrue("\($0)".contains("'layers[0]'"), "\($0)")
        }
    }
}
