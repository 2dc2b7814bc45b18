import DL
import XCTest

/// Batches of distinct, well-separated values for the inputs of a merge layer: one
/// `distinctInput` of all their scalars, split in order, so that no two scalars of any inputs are
/// closer than `spacing` (finite differences never cross a tie of `Maximum` or a kink of `|a − b|`).
public func distinctInputs(_ shapes: [[Int]], spacing: Float = 0.03, seed: UInt64 = 7) -> [Tensor] {
    let counts = shapes.map { $0.reduce(1, *) }
    let all = distinctInput([counts.reduce(0, +)], spacing: spacing, seed: seed).scalars
    var offset = 0
    return zip(shapes, counts).map { shape, count in
        defer { offset += count }
        return Tensor(shape: shape, scalars: Array(all[offset..<(offset + count)]))
    }
}

/// The conformance check of a layer called on several inputs (merge layers), the several-input
/// twin of `assertLayerConforms`. On a layer from `makeLayer` and batches of per-sample shapes
/// `inputShapes`, it asserts that:
/// - `computeOutputShape(inputShapes)` succeeds, the symbolic call on as many `Input`s gives that
///   shape with no error, and the eager output has `[batchSize] + ` that shape with finite values;
/// - the weights have `weightNames` in that order and `countParams()` is their size;
/// - config → layer → config gives an equal `LayerConfig` (also through JSON text), and the
///   rebuilt layer gives the same output;
/// - the tape's gradients of `sum(output ⊙ R)` match central differences for every trainable
///   weight and every input;
/// - one step `x -= learningRate · g` on the inputs (and the trainable weights) lowers the squared
///   loss `mean((output − target)²)`.
/// `inputs` replaces the default `distinctInputs`.
public func assertMergeLayerConforms(
    _ makeLayer: () -> Layer, inputShapes: [[Int]], batchSize: Int = 2, weightNames: [String] = [],
    inputs: [Tensor]? = nil, learningRate: Float = 0.1, gradientTolerance: Float = 2e-2,
    file: StaticString = #filePath, line: UInt = #line
) {
    let layer = makeLayer()
    let xs = inputs ?? distinctInputs(inputShapes.map { [batchSize] + $0 })
    let batch = xs[0].shape[0]
    XCTAssertEqual(xs.map { Array($0.shape.dropFirst()) }, inputShapes, "input shapes", file: file, line: line)

    let expected: [Int]
    do { expected = try layer.computeOutputShape(inputShapes) } catch {
        XCTFail("\(layer.errorContext): computeOutputShape(\(inputShapes)) threw \(error)", file: file, line: line)
        return
    }
    let symbolic = layer(inputShapes.map { InputLayer(shape: $0).makeOutput() })
    XCTAssertNil(symbolic.error, "symbolic call", file: file, line: line)
    XCTAssertEqual(symbolic.shape, expected, "symbolic output shape", file: file, line: line)
    let y = layer(xs)
    XCTAssertEqual(y.shape, [batch] + expected, "eager output shape", file: file, line: line)
    XCTAssertTrue(y.scalars.allSatisfy { $0.isFinite }, "output not finite", file: file, line: line)

    XCTAssertEqual(layer.weights.map(\.name), weightNames, "weight names", file: file, line: line)
    XCTAssertEqual(layer.countParams(), layer.weights.reduce(0) { $0 + $1.shape.reduce(1, *) }, "countParams", file: file, line: line)

    // Configuration round trip, and the rebuilt layer's output.
    let config = layer.getConfig()
    do {
        XCTAssertEqual(try LayerConfig(json: config.json), config, "configuration through JSON text", file: file, line: line)
        let rebuilt = try type(of: layer).fromConfig(config)
        XCTAssertTrue(type(of: rebuilt) == type(of: layer), "fromConfig gave \(type(of: rebuilt))", file: file, line: line)
        XCTAssertEqual(rebuilt.getConfig(), config, "config → layer → config", file: file, line: line)
        _ = rebuilt(xs)
        for (a, b) in zip(rebuilt.weights, layer.weights) { a.value = b.value }
        assertTensorsClose(rebuilt(xs), y, accuracy: 1e-6, "rebuilt layer's output", file: file, line: line)
    } catch {
        XCTFail("\(layer.errorContext): fromConfig(getConfig()) threw \(error). Config: \(config.json)", file: file, line: line)
    }

    // Gradients w.r.t. every trainable weight and every input.
    let variables = xs.enumerated().map { Variable($0.element, name: "input \($0.offset)") }
    let projection = Tensor.randomNormal(y.shape, seed: 3)
    GradientCheck.assertGradientsMatch(
        of: { layer(variables.map(\.value)) * projection },
        wrt: layer.trainableWeights + variables, tolerance: gradientTolerance, layer.errorContext, file: file, line: line)

    // One gradient step lowers a squared loss.
    let target = Tensor.randomNormal(y.shape, stddev: 0.5, seed: 5)
    let parameters = layer.trainableWeights + variables
    func loss() -> Tensor { square(layer(variables.map(\.value)) - target).mean() }
    let (before, gradients) = valueWithGradient(wrt: parameters) { loss() }
    for (parameter, gradient) in zip(parameters, gradients) { parameter.value = parameter.value - gradient * learningRate }
    let after = withoutGradients { loss() }
    XCTAssertLessThan(after.scalar, before.scalar, "one step of x -= \(learningRate)·g did not lower the loss", file: file, line: line)
}

/// A Keras output fixture of a merge layer (`Tests/Fixtures/Keras/outputs/<name>.json`, written by
/// `generate_merges.py`): Keras's class name and configuration, the inputs and Keras's output.
public struct KerasOutputFixture {
    /// Keras's class name of the layer.
    public let className: String
    /// The layer's configuration as Keras wrote it.
    public let config: LayerConfig
    /// The inputs the layer was called on.
    public let inputs: [Tensor]
    /// Keras's output.
    public let output: Tensor

    /// Loads `outputs/<name>.json`.
    public init(_ name: String) throws {
        let json = try KerasFixtures.load("outputs", name + ".json")
        func tensor(_ value: LayerConfig?) throws -> Tensor { try KerasFixtures.tensor(value, in: name) }
        className = try XCTUnwrap(json["class_name"]?.stringValue)
        config = try XCTUnwrap(json["config"])
        inputs = try XCTUnwrap(json["inputs"]?.arrayValue).map(tensor)
        output = try tensor(json["output"])
    }

    /// Rebuilds the layer from Keras's configuration and asserts its output on the inputs equals
    /// Keras's within `tolerance` relative to the larger of 1 and the value.
    public func assertLayerMatchesKeras(tolerance: Float = 1e-5, file: StaticString = #filePath, line: UInt = #line) throws {
        let type = try XCTUnwrap(LayerRegistry.layerType(named: className), className, file: file, line: line)
        let layer = try type.fromConfig(config)
        KerasFixtures.assertMatchesKeras(layer(inputs), output, tolerance: tolerance, className, file: file, line: line)
    }
}
