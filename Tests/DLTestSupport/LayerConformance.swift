import DL
import XCTest

/// A batch of distinct, well-separated values in a random order (spacing `spacing`, none closer
/// to 0 than `spacing / 2`): finite differences with `epsilon < spacing / 2` then never cross a
/// kink (ReLU at 0, a max-pooling tie).
public func distinctInput(_ shape: [Int], spacing: Float = 0.03, seed: UInt64 = 7) -> Tensor {
    let count = shape.reduce(1, *)
    var rng = SplitMix64(seed: seed)
    var order = Array(0..<count)
    order.shuffle(using: &rng)
    let half = Float(count / 2)
    return Tensor(shape: shape, scalars: order.map { (Float($0) - half + 0.5) * spacing })
}

/// The conformance check every layer's test calls. On a layer from `makeLayer` and a batch of
/// per-sample shape `inputShape`, it asserts that:
/// - `computeOutputShape` succeeds, the symbolic call gives that shape with no error, and the eager
///   output has `[batchSize] + ` that shape with finite values;
/// - the weights have `weightNames` in that order and `countParams()` is their size (and `paramCount`);
/// - a second layer from `makeLayer` given the same weight values gives the same output;
/// - config → layer → config gives an equal `LayerConfig` (`fromConfig` of `getConfig()`, also
///   through JSON text), and the rebuilt layer given the same weights gives the same output;
/// - the tape's gradients of `sum(output ⊙ R)` (R fixed, random) match central differences for
///   every trainable weight and for the input (wrapped in a `Variable`);
/// - one step `w -= learningRate · g` on the trainable weights (on the input for a layer without
///   weights) lowers the squared loss `mean((output − target)²)` plus the layer's regularization.
/// `input` replaces the default `distinctInput`; `training` is passed to every call.
public func assertLayerConforms(
    _ makeLayer: () -> Layer, inputShape: [Int], batchSize: Int = 2, weightNames: [String] = [],
    paramCount: Int? = nil, input: Tensor? = nil, training: Bool = false, learningRate: Float = 0.1,
    gradientTolerance: Float = 2e-2, file: StaticString = #filePath, line: UInt = #line
) {
    let layer = makeLayer()
    let x = input ?? distinctInput([batchSize] + inputShape)
    let batch = x.shape[0]
    XCTAssertEqual(Array(x.shape.dropFirst()), inputShape, "input shape", file: file, line: line)

    // Shapes: computeOutputShape, symbolic call, eager call.
    let expected: [Int]
    do { expected = try layer.computeOutputShape(inputShape) } catch {
        XCTFail("\(layer.errorContext): computeOutputShape(\(inputShape)) threw \(error)", file: file, line: line)
        return
    }
    let symbolic = layer(InputLayer(shape: inputShape).makeOutput())
    XCTAssertNil(symbolic.error, "symbolic call", file: file, line: line)
    XCTAssertEqual(symbolic.shape, expected, "symbolic output shape", file: file, line: line)
    let y = layer(x, training: training)
    XCTAssertEqual(y.shape, [batch] + expected, "eager output shape", file: file, line: line)
    XCTAssertTrue(y.scalars.allSatisfy { $0.isFinite }, "output not finite", file: file, line: line)

    // Weights: names, order, count.
    XCTAssertEqual(layer.weights.map(\.name), weightNames, "weight names", file: file, line: line)
    let size = layer.weights.reduce(0) { $0 + $1.shape.reduce(1, *) }
    XCTAssertEqual(layer.countParams(), size, "countParams", file: file, line: line)
    if let paramCount { XCTAssertEqual(layer.countParams(), paramCount, "countParams", file: file, line: line) }

    // Same weights, same output (only meaningful at inference: training may draw random masks).
    if !training {
        let twin = makeLayer()
        _ = twin(x)
        XCTAssertEqual(twin.weights.map(\.shape), layer.weights.map(\.shape), "twin weight shapes", file: file, line: line)
        for (a, b) in zip(twin.weights, layer.weights) { a.value = b.value }
        assertTensorsClose(twin(x), layer(x), accuracy: 1e-5, "output with copied weights", file: file, line: line)
    }

    assertConfigRoundTrips(layer, input: x, checkOutput: !training, file: file, line: line)

    // Gradients w.r.t. every trainable weight and the input.
    let inputVariable = Variable(x, name: "input")
    let projection = Tensor.randomNormal(y.shape, seed: 3)
    GradientCheck.assertGradientsMatch(
        of: { layer(inputVariable.value, training: training) * projection },
        wrt: layer.trainableWeights + [inputVariable], tolerance: gradientTolerance,
        layer.errorContext, file: file, line: line)

    // One gradient step lowers a squared loss.
    let target = Tensor.randomNormal(y.shape, stddev: 0.5, seed: 5)
    let parameters = layer.trainableWeights.isEmpty ? [inputVariable] : layer.trainableWeights
    func loss() -> Tensor {
        let data = square(layer(inputVariable.value, training: training) - target).mean()
        return layer.regularizationLoss().map { data + $0 } ?? data
    }
    let (before, gradients) = valueWithGradient(wrt: parameters) { loss() }
    for (parameter, gradient) in zip(parameters, gradients) { parameter.value = parameter.value - gradient * learningRate }
    let after = withoutGradients { loss() }
    XCTAssertLessThan(after.scalar, before.scalar, "one step of w -= \(learningRate)·g did not lower the loss",
                      file: file, line: line)
}

/// Asserts that `fromConfig(getConfig())` rebuilds `layer` with an equal configuration (also after
/// writing and reading the configuration as JSON text) and, with `checkOutput`, that the rebuilt
/// layer given `layer`'s weights gives the same output on `input`.
public func assertConfigRoundTrips(_ layer: Layer, input: Tensor, checkOutput: Bool = true,
                                   file: StaticString = #filePath, line: UInt = #line) {
    let config = layer.getConfig()
    do {
        XCTAssertEqual(try LayerConfig(json: config.json), config, "configuration through JSON text", file: file, line: line)
        let rebuilt = try type(of: layer).fromConfig(config)
        XCTAssertTrue(type(of: rebuilt) == type(of: layer), "fromConfig gave \(type(of: rebuilt))", file: file, line: line)
        XCTAssertEqual(rebuilt.getConfig(), config, "config → layer → config", file: file, line: line)
        guard checkOutput else { return }
        _ = rebuilt(input)
        XCTAssertEqual(rebuilt.weights.map(\.shape), layer.weights.map(\.shape), "rebuilt weight shapes", file: file, line: line)
        for (a, b) in zip(rebuilt.weights, layer.weights) { a.value = b.value }
        assertTensorsClose(rebuilt(input), layer(input), accuracy: 1e-6, "rebuilt layer's output", file: file, line: line)
    } catch {
        XCTFail("\(layer.errorContext): fromConfig(getConfig()) threw \(error). Config: \(config.json)", file: file, line: line)
    }
}
