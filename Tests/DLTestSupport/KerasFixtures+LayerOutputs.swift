import DL
import Foundation
import XCTest

/// One layer's output as Keras computed it (`Tests/Fixtures/Keras/outputs/<case>.json`, written by
/// a `generate_*.py` script): the layer's serialized Keras entry, an input, the weights in Keras's
/// order and Keras's output.
public struct KerasLayerOutputFixture {
    /// The case's file name without `.json`.
    public let name: String
    /// The layer's serialized entry (`{"module", "class_name", "config", ...}`).
    public let layerEntry: LayerConfig
    /// The input batch.
    public let input: Tensor
    /// The weights' Keras names (`kernel`, `bias`, ...) and values, in Keras's order.
    public let weights: [(name: String, value: Tensor)]
    /// Keras's output on `input`.
    public let output: Tensor

    /// Reads `outputs/<name>.json`.
    /// - Throws: when the file is missing or not in the fixture format.
    public init(_ name: String) throws {
        let json = try KerasFixtures.load("outputs", name + ".json")
        func tensor(_ value: LayerConfig?) throws -> Tensor { try KerasFixtures.tensor(value, in: name) }
        self.name = name
        layerEntry = try XCTUnwrap(json["layer"], "\(name): layer")
        input = try tensor(json["input"])
        weights = try XCTUnwrap(json["weights"]?.arrayValue, "\(name): weights").map { weight in
            (try XCTUnwrap(weight["name"]?.stringValue, "\(name): weight name"), try tensor(weight))
        }
        output = try tensor(json["output"])
    }

    /// The names (without `.json`, sorted) of the output fixtures whose name starts with `prefix`.
    public static func names(withPrefix prefix: String) throws -> [String] {
        try KerasFixtures.names(in: "outputs").filter { $0.hasPrefix(prefix) }.map { String($0.dropLast(5)) }
    }

    /// Rebuilds the layer from Keras's entry, builds it on the input, sets Keras's weights (their
    /// names must match), and asserts that its output equals Keras's within `relativeAccuracy`
    /// relative (absolute below 1). Returns the layer.
    @discardableResult
    public func assertLayerMatchesKeras(relativeAccuracy: Float = 1e-5,
                                        file: StaticString = #filePath, line: UInt = #line) throws -> Layer {
        let layer = try LayerRegistry.deserialize(layerEntry, owner: "fixture \(name)", key: "layer")
        try layer.buildIfNeeded([Array(input.shape.dropFirst())])
        XCTAssertEqual(layer.weights.map(\.name), weights.map(\.name), "\(name): weight names", file: file, line: line)
        for (variable, weight) in zip(layer.weights, weights) {
            XCTAssertEqual(variable.shape, weight.value.shape, "\(name): shape of \(weight.name)", file: file, line: line)
            variable.value = weight.value
        }
        KerasFixtures.assertMatchesKeras(layer(input), output, tolerance: relativeAccuracy, name, file: file, line: line)
        return layer
    }
}
