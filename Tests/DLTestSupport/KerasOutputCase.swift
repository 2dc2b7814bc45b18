import DL
import XCTest

/// One output fixture Keras wrote (`Tests/Fixtures/Keras/outputs/<name>.json`, by a generator script
/// there): a seeded input, a layer's weights in Keras's order and Keras's output on that input.
public struct KerasOutputCase {
    /// The input batch.
    public let input: Tensor
    /// The layer's weights in Keras's order, with Keras's names.
    public let weights: [(name: String, value: Tensor)]
    /// Keras's output at inference.
    public let output: Tensor
    /// Keras's output in training, for layers that behave differently there (absent otherwise).
    public let trainingOutput: Tensor?

    /// Loads `outputs/<name>.json`.
    public init(_ name: String) throws {
        let value = try KerasFixtures.load("outputs", name + ".json")
        func tensor(_ value: LayerConfig?) throws -> Tensor { try KerasFixtures.tensor(value, in: name) }
        input = try tensor(value["input"])
        weights = try XCTUnwrap(value["weights"]?.arrayValue, "\(name): weights").map {
            (try XCTUnwrap($0["name"]?.stringValue), try tensor($0))
        }
        output = try tensor(value["output"])
        trainingOutput = value["training_output"].map { try? tensor($0) } ?? nil
    }

    /// Builds `layer` on the input, gives it Keras's weights (checking their names and shapes), and
    /// asserts its inference output equals Keras's within `tolerance` (relative above 1, absolute below).
    public func assertMatches(_ layer: Layer, tolerance: Float = 1e-5, file: StaticString = #filePath, line: UInt = #line) {
        _ = layer(input)
        XCTAssertEqual(layer.weights.map(\.name), weights.map(\.name), "weight names", file: file, line: line)
        XCTAssertEqual(layer.weights.map(\.shape), weights.map(\.value.shape), "weight shapes", file: file, line: line)
        for (variable, weight) in zip(layer.weights, weights) { variable.value = weight.value }
        KerasFixtures.assertMatchesKeras(layer(input), output, tolerance: tolerance, layer.errorContext, file: file, line: line)
    }
}
