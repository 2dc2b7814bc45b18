import DL
import DLTestSupport
import XCTest

/// The entry points: every zoo model goes through its serialized JSON and comes back with the same
/// configuration and predictions; JSON that is not a model is refused with what was received.
final class ModelConfigTests: XCTestCase {
    func testZooModelsRoundTripThroughJSONWithTheSamePredictions() throws {
        let models: [(Model, [Int])] = [
            (Zoo.leNet5(), [28, 28, 1]), (Zoo.smallVGG(inputShape: [8, 8, 1]), [8, 8, 1]),
            (Zoo.resNet(inputShape: [8, 8, 1], classes: 3, blocks: [1, 1]), [8, 8, 1]),
            (Zoo.convAutoencoder(inputShape: [8, 8, 1]), [8, 8, 1]), (Zoo.autoencoder(inputDim: 12, encodingDim: 4), [12]),
            (Zoo.siameseSmall(inputShape: [12, 12, 1], embedding: 16), [12, 12, 1]),
        ]
        for (index, (model, shape)) in models.enumerated() {
            let json = model.toJSON()
            let copy = try Model.fromJSON(json)
            XCTAssertEqual(copy.serializedConfig(), model.serializedConfig(), "\(model.name)")
            XCTAssertEqual(copy.countParams(), model.countParams(), "\(model.name)")
            XCTAssertEqual(copy.weights.map(\.value.shape), model.weights.map(\.value.shape), "\(model.name)")
            for (target, source) in zip(copy.weights, model.weights) { target.value = source.value }
            let x = model.inputs.indices.map { Tensor.randomUniform([2] + shape, seed: UInt64(index * 10 + $0)) }
            assertTensorsClose(try copy.predict(x), try model.predict(x), accuracy: 1e-6, model.name)
        }
        let koch = Zoo.siameseKoch()
        XCTAssertEqual(try Model.fromJSON(koch.toJSON()).countParams(), koch.countParams())
    }

    func testFrozenLayersAndModelsStayFrozen() throws {
        let model = Zoo.siameseSmall(inputShape: [12, 12, 1], embedding: 8)
        let twin = try XCTUnwrap(model.layers.first { $0 is Model })
        twin.trainable = false
        let copy = try Model.fromConfig(model.getConfig(), customObjects: [:])
        XCTAssertEqual(copy.trainableWeights.count, model.trainableWeights.count)
        XCTAssertFalse(try XCTUnwrap(copy.layers.first { $0 is Model }).trainable)
    }

    func testFunctionalModelInsideASequential() throws {
        let input = Input(shape: [4], name: "features")
        let block = Model(inputs: input, outputs: Dense(3, activation: .relu, name: "hidden")(input), name: "block")
        let model = Sequential([InputLayer(shape: [4]), block, Dense(1, name: "out")], name: "stacked")
        let entry = try XCTUnwrap(model.getConfig()["layers"]?.arrayValue?[1])
        XCTAssertEqual(entry["class_name"], "Functional")
        XCTAssertEqual(entry["build_config"], ["input_shape": nil])
        let copy = try XCTUnwrap(try Model.fromJSON(model.toJSON()) as? Sequential)
        XCTAssertEqual(copy.getConfig(), model.getConfig())
        XCTAssertEqual(copy.countParams(), 4 * 3 + 3 + 3 + 1)
        XCTAssertTrue(copy.layers.first is Model)
    }

    func testWhatIsNotAModelIsRefused() throws {
        assertThrowsMentioning(["layer, not a model", "Dense"]) {
            try Model.deserialize(LayerRegistry.serialize(Dense(2)))
        }
        assertThrowsMentioning(["class_name"]) { try Model.deserialize(["config": [:]]) }
        assertThrowsMentioning(["unknown configuration key 'extra'"]) {
            try Model.deserialize(Sequential([Dense(1, inputShape: [2])]).serializedConfig().setting("extra", 1))
        }
        XCTAssertThrowsError(try Model.fromJSON("{not json"))
        assertThrowsMentioning(["two layers are named 'dense'"]) {
            let input = Input(shape: [2], name: "in")
            let model = Model(inputs: input, outputs: Dense(1, name: "dense")(Dense(2, name: "other")(input)))
            let renamed = ModelConfigFixtures.rewriting(model.getConfig()) { value -> LayerConfig? in value == "other" ? .some("dense") : .none }
            return try Model.fromConfig(renamed, customObjects: [:])
        }
    }
}
