import DL
import DLTestSupport
import XCTest

/// Sequential's configuration: Keras's full Sequential JSON (`Tests/Fixtures/Keras/models`) comes
/// back exactly, and a model made here round-trips with the same predictions.
final class SequentialConfigTests: XCTestCase {
    func testKerasSequentialConfigsComeBackExactly() throws {
        let names = try KerasFixtures.names(in: "models")
        XCTAssertEqual(names, ["images.json", "lenet.json", "pooling.json", "sequence.json"])
        for file in names {
            let saved = try KerasFixtures.load("models", file)
            XCTAssertEqual(saved["class_name"], "Sequential")
            let config = try XCTUnwrap(saved["config"])
            let model = try XCTUnwrap(try Sequential.fromConfig(config) as? Sequential, file)
            XCTAssertEqual(model.getConfig(), KerasFixtures.withoutActivationLayerNames(config), file)
            XCTAssertEqual(model.layers.count, (config["layers"]?.arrayValue?.count ?? 0) - 1, file)
        }
    }

    func testLenetFromKerasJSONHasKerasShapesAndParameters() throws {
        let config = try XCTUnwrap(try KerasFixtures.load("models", "lenet.json")["config"])
        let model = try XCTUnwrap(try Sequential.fromConfig(config) as? Sequential)
        XCTAssertEqual(model.name, "lenet")
        XCTAssertEqual(model.layers.map { type(of: $0).kerasClassName },
                       ["Conv2D", "MaxPooling2D", "Conv2D", "AveragePooling2D", "Flatten", "Dense", "Dropout",
                        "Dense", "LeakyReLU", "Dense", "Softmax"])
        // Keras's summary: 156 + 2,416 + 48,120 + 10,164 + 850 parameters.
        XCTAssertEqual(model.countParams(), 61_706)
        XCTAssertEqual(try model.predict(Tensor.zeros([2, 28, 28, 1])).shape, [2, 10])
    }

    func testModelMadeHereRoundTripsWithTheSamePredictions() throws {
        let model = Sequential([InputLayer(shape: [6]), Dense(5, activation: .relu, kernelRegularizer: .l1(0.001)),
                                Dropout(0.25), Dense(3, activation: .leakyRelu(0.05)), Softmax()], name: "small")
        let config = model.getConfig()
        XCTAssertEqual(config["build_input_shape"], [nil, 6])
        XCTAssertEqual(config["layers"]?.arrayValue?.first?["config"]?["batch_shape"], [nil, 6])
        let rebuilt = try XCTUnwrap(try Sequential.fromConfig(config) as? Sequential)
        XCTAssertEqual(rebuilt.getConfig(), config)
        XCTAssertEqual(try LayerConfig(json: config.json), config)
        for (copy, original) in zip(rebuilt.weights, model.weights) { copy.value = original.value }
        let x = Tensor.randomNormal([4, 6], seed: 11)
        assertTensorsClose(try rebuilt.predict(x), try model.predict(x), accuracy: 1e-6)
    }

    func testDeferredAndKeras2Configurations() throws {
        // No input shape yet: no input layer entry and no build_input_shape, as Keras writes.
        let deferred = Sequential([Dense(2)], name: "deferred")
        XCTAssertEqual(deferred.getConfig()["layers"]?.arrayValue?.count, 1)
        XCTAssertNil(deferred.getConfig()["build_input_shape"])
        // Keras 2: layers without module, the first one carrying batch_input_shape.
        let keras2: LayerConfig = [
            "name": "old", "layers": [
                ["class_name": "Dense", "config": ["name": "d", "trainable": true, "dtype": "float32",
                                                   "batch_input_shape": [nil, 4], "units": 3, "activation": "relu"]],
                ["class_name": "Dense", "config": ["name": "e", "units": 1]],
            ],
        ]
        let model = try XCTUnwrap(try Sequential.fromConfig(keras2) as? Sequential)
        XCTAssertEqual(try model.predict(Tensor.ones([2, 4])).shape, [2, 1])
        XCTAssertEqual(model.countParams(), 4 * 3 + 3 + 3 + 1)
        XCTAssertThrowsError(try Sequential.fromConfig(["layers": [["class_name": "Conv3D", "config": [:]]]])) { error in
            XCTAssertTrue("\(error)".contains("layers[0]") && "\(error)".contains("Conv3D"), "\(error)")
        }
    }
}
