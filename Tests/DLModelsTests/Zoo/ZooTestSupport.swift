import DL
import DLTestSupport
import XCTest

/// A zoo model as Keras 3.15 builds it (`Tests/Fixtures/Keras/zoo/<case>.json`, written by
/// `generate_zoo.py`): parameter counts, output shape and each layer but the input.
struct KerasZooFixture {
    struct LayerEntry: Equatable, CustomStringConvertible {
        let className: String
        let outputShape: [Int]
        let params: Int
        var description: String { "\(className) \(outputShape) \(params)" }
    }

    let totalParams: Int
    let trainableParams: Int
    let nonTrainableParams: Int
    let outputShape: [Int]
    let layers: [LayerEntry]

    /// Reads `zoo/<name>.json`.
    init(_ name: String) throws {
        let json = try KerasFixtures.load("zoo", name + ".json")
        func int(_ value: LayerConfig?) throws -> Int { try XCTUnwrap(value?.intValue, "\(name): missing integer") }
        func shape(_ value: LayerConfig?) throws -> [Int] { try XCTUnwrap(value?.arrayValue, "\(name): missing shape").map(int) }
        totalParams = try int(json["total_params"])
        trainableParams = try int(json["trainable_params"])
        nonTrainableParams = try int(json["non_trainable_params"])
        outputShape = try shape(json["output_shape"])
        layers = try XCTUnwrap(json["layers"]?.arrayValue).map { entry in
            LayerEntry(className: try XCTUnwrap(entry["class_name"]?.stringValue), outputShape: try shape(entry["output_shape"]),
                       params: try int(entry["params"]))
        }
    }

    /// Checks `model` against the fixture: the three parameter counts, the output shape, and the
    /// layers (Keras class, output shape, parameters) in Keras's order.
    func assertMatches(_ model: Model, file: StaticString = #filePath, line: UInt = #line) {
        if let error = model.graphError { return XCTFail("graph error: \(error)", file: file, line: line) }
        XCTAssertEqual(model.countParams(), totalParams, "total parameters", file: file, line: line)
        let trainable = model.trainableWeights.reduce(0) { $0 + $1.shape.reduce(1, *) }
        XCTAssertEqual(trainable, trainableParams, "trainable parameters", file: file, line: line)
        XCTAssertEqual(model.countParams() - trainable, nonTrainableParams, "non-trainable parameters", file: file, line: line)
        XCTAssertEqual(model.outputs.map(\.shape), [outputShape], "output shape", file: file, line: line)
        let ours = model.layers.filter { !($0 is InputLayer) }.map { layer in
            LayerEntry(className: type(of: layer).kerasClassName, outputShape: layer.output?.shape ?? [], params: layer.countParams())
        }
        XCTAssertEqual(ours, layers, "layers (class, output shape, parameters) in Keras's order", file: file, line: line)
    }
}

enum ZooTraining {
    /// Compiles `model` with Adam and `loss`, fits one epoch of one batch of `x`, `y` and checks
    /// the loss is finite and every trainable weight moved; returns the loss.
    @discardableResult
    static func assertTrainsOneStep(_ model: Model, x: Tensor, y: Tensor, loss: Loss,
                                    file: StaticString = #filePath, line: UInt = #line) throws -> Float {
        model.compile(optimizer: Adam(learningRate: 0.01), loss: loss)
        _ = try model.predict(x[0..<1])   // builds the model
        let before = model.trainableWeights.map(\.value.scalars)
        XCTAssertFalse(before.isEmpty, "no trainable weights", file: file, line: line)
        let history = try model.fit(x: x, y: y, batchSize: x.shape[0], epochs: 1, verbose: 0)
        let value = try XCTUnwrap(history.history["loss"]?.first, file: file, line: line)
        XCTAssertTrue(value.isFinite, "loss \(value)", file: file, line: line)
        for (weight, old) in zip(model.trainableWeights, before) {
            XCTAssertNotEqual(weight.value.scalars, old, "\(weight.name) did not change", file: file, line: line)
        }
        return value
    }
}
