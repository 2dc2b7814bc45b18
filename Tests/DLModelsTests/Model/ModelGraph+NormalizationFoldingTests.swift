import DL
import DLTestSupport
import Foundation
import XCTest

/// A `NormalizationFoldable` layer folds the `BatchNormalization` after it (and the plain ReLU
/// after that) only where each alone reads the value before it and it is no model output; at
/// inference only: Conv–BN(–ReLU) chains predict as the unfused layers up to rounding, and train
/// bit for bit as the unfused layers; the folded weights follow every change of the weights.
final class ModelGraphNormalizationFoldingTests: XCTestCase {
    func testALayerFoldsTheNormalizationOnlyWhereItAloneReadsAValueThatIsNoOutput() throws {
        let x = Tensor(shape: [2, 3], scalars: [-1, 2, -3, 4, 0.5, -0.25])
        func run(_ build: (SymbolicTensor, FoldRecorder) -> [SymbolicTensor]) throws -> (FoldRecorder, [Tensor]) {
            let input = Input(shape: [3]), recorder = FoldRecorder()
            let outputs = build(input, recorder)
            return (recorder, try Model(inputs: [input], outputs: outputs).predictOutputs([x]))
        }
        let (withReLU, reluResults) = try run { input, recorder in [ActivationLayer(.relu)(BatchNormalization()(recorder(input)))] }
        XCTAssertEqual(withReLU.foldedCalls, [true])
        XCTAssertEqual(withReLU.plainCalls, 0)
        XCTAssertEqual(reluResults, [relu(x * 2 * (1 / Float(1.001).squareRoot()))])
        let (alone, aloneResults) = try run { input, recorder in [Dense(1)(BatchNormalization()(recorder(input)))] }
        XCTAssertEqual(alone.foldedCalls, [false], "the normalization only")
        XCTAssertEqual(aloneResults[0].shape, [2, 1])
        let (normalizedOutput, _) = try run { input, recorder in
            let normalized = BatchNormalization()(recorder(input))
            return [ActivationLayer(.relu)(normalized), normalized]
        }
        XCTAssertEqual(normalizedOutput.foldedCalls, [false], "the normalization is an output: its ReLU stays apart")
        let (twoReaders, twoResults) = try run { input, recorder in
            let value = recorder(input)
            return [BatchNormalization()(value), Dense(1)(value)]
        }
        XCTAssertEqual([twoReaders.foldedCalls.count, twoReaders.plainCalls], [0, 1], "read by two layers")
        XCTAssertEqual(twoResults[0], x * 2 * (1 / Float(1.001).squareRoot()))
        let (asOutput, _) = try run { input, recorder in
            let value = recorder(input)
            return [BatchNormalization()(value), value]
        }
        XCTAssertEqual([asOutput.foldedCalls.count, asOutput.plainCalls], [0, 1], "a model output")
        // A declined call (training) runs the layers one by one.
        let input = Input(shape: [3]), recorder = FoldRecorder()
        let model = Model(inputs: input, outputs: ActivationLayer(.relu)(BatchNormalization()(recorder(input))))
        _ = model(x, training: true)
        XCTAssertEqual([recorder.foldedCalls.count, recorder.plainCalls], [0, 1])
    }

    func testTheResidualAddIsFoldedWhereItAloneReadsTheNormalizationAndItsOtherInputIsReady() throws {
        let x = Tensor(shape: [2, 3], scalars: [-1, 2, -3, 4, 0.5, -0.25])
        let scale = 1 / Float(1.001).squareRoot()
        func run(_ build: (SymbolicTensor, FoldRecorder) -> [SymbolicTensor]) throws -> (FoldRecorder, [Tensor]) {
            let input = Input(shape: [3]), recorder = FoldRecorder()
            let outputs = build(input, recorder)
            return (recorder, try Model(inputs: [input], outputs: outputs).predictOutputs([x]))
        }
        let (block, blockResults) = try run { input, recorder in
            [ActivationLayer(.relu)(Add()([BatchNormalization()(recorder(input)), input]))]
        }
        XCTAssertEqual(block.residualCalls, [true])
        XCTAssertEqual(block.foldedCalls, [])
        XCTAssertEqual(blockResults, [relu(x * 2 * scale + x)])
        let (noReLU, noReLUResults) = try run { input, recorder in [Add()([input, BatchNormalization()(recorder(input))])] }
        XCTAssertEqual(noReLU.residualCalls, [false])
        XCTAssertEqual(noReLUResults, [x * 2 * scale + x])
        // The other input computed after the producer (the Add's first input, visited first): the
        // normalization alone is folded.
        let (later, laterResults) = try run { input, recorder in
            [ActivationLayer(.relu)(Add()([BatchNormalization()(recorder(input)), Dense(3, useBias: false)(input)]))]
        }
        XCTAssertEqual(later.residualCalls, [])
        XCTAssertEqual(later.foldedCalls, [false])
        XCTAssertEqual(laterResults[0].shape, [2, 3])
        let (shared, _) = try run { input, recorder in
            let normalized = BatchNormalization()(recorder(input))
            return [Add()([normalized, input]), Dense(1)(normalized)]
        }
        XCTAssertEqual([shared.residualCalls.count, shared.foldedCalls.count], [0, 1], "the normalization read twice")
    }

    /// A small residual network (Conv–BN–ReLU stem and blocks whose second Conv–BN feeds an Add),
    /// with every Conv–BN pair kept apart or not by an identity `Activation("linear")`.
    private func makeResNet(separated: Bool, seed: UInt64 = 7) -> Model {
        Random.seed(seed)
        func convolution(_ x: SymbolicTensor, _ filters: Int, _ size: Int, strides: Int = 1, padding: Padding = .same,
                         useBias: Bool = true) -> SymbolicTensor {
            let y = Conv2D(filters, kernelSize: size, strides: strides, padding: padding, useBias: useBias)(x)
            return BatchNormalization()(separated ? ActivationLayer(.linear)(y) : y)
        }
        let input = Input(shape: [9, 9, 2])
        var x = ActivationLayer(.relu)(convolution(input, 16, 3))
        var y = ActivationLayer(.relu)(convolution(x, 16, 3))
        y = convolution(y, 16, 3, useBias: false)
        x = ActivationLayer(.relu)(Add()([y, x]))
        y = ActivationLayer(.relu)(convolution(x, 8, 3, strides: 2))
        y = convolution(y, 8, 1)
        let shortcut = convolution(x, 8, 1, strides: 2)
        x = ActivationLayer(.relu)(Add()([y, shortcut]))
        let output = Dense(3, activation: .softmax)(GlobalAveragePooling2D()(x))
        let model = Model(inputs: input, outputs: output)
        model.compile(optimizer: Adam(learningRate: 0.01), loss: .sparseCategoricalCrossentropy)
        return model
    }

    /// Gives every normalization's `gamma` and moving statistics random values (a mean about 0,
    /// a variance and scale in 0.5...1.5, which keep the network's outputs apart).
    private func randomizeNormalizations(_ model: Model, seed: UInt64) {
        for (index, variable) in model.weights.enumerated() {
            let seed = seed + UInt64(index)
            if variable.name.hasSuffix("moving_mean") {
                variable.value = Tensor.randomNormal(variable.shape, stddev: 0.2, seed: seed)
            } else if variable.name.hasSuffix("moving_variance") || variable.name.hasSuffix("gamma") {
                variable.value = Tensor.randomUniform(variable.shape, min: 0.5, max: 1.5, seed: seed)
            }
        }
    }

    /// Asserts the two predictions agree within `1e-5` of the largest value.
    private func assertClose(_ a: Tensor, _ b: Tensor, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.shape, b.shape, what, file: file, line: line)
        let scale = max(b.scalars.map(abs).max() ?? 1, 1e-3)
        let worst = zip(a.scalars, b.scalars).map { abs($0 - $1) }.max() ?? 0
        XCTAssertLessThanOrEqual(worst / scale, 1e-5, what, file: file, line: line)
    }

    func testAResidualNetworkPredictsAsUnfusedAndTrainsBitForBit() throws {
        let folded = makeResNet(separated: false), unfused = makeResNet(separated: true)
        let x = Tensor.randomNormal([8, 9, 9, 2], seed: 5), y = Tensor((0..<8).map { Float($0 % 3) })
        // Statistics and scales away from their initial values, so that the fold is no identity.
        randomizeNormalizations(folded, seed: 20)
        randomizeNormalizations(unfused, seed: 20)
        let before = try folded.predict(x)
        assertClose(before, try unfused.predict(x), "before training")
        XCTAssertGreaterThan((before.scalars.max() ?? 0) - (before.scalars.min() ?? 0), 0.01, "outputs apart")
        XCTAssertEqual(folded(x, training: true).scalars, unfused(x, training: true).scalars, "a training call")
        XCTAssertEqual(folded.weights.map(\.storedValue.scalars), unfused.weights.map(\.storedValue.scalars))
        let foldedHistory = try folded.fit(x: x, y: y, batchSize: 4, epochs: 2, verbose: 0, shuffle: false)
        let unfusedHistory = try unfused.fit(x: x, y: y, batchSize: 4, epochs: 2, verbose: 0, shuffle: false)
        XCTAssertEqual(foldedHistory.history["loss"], unfusedHistory.history["loss"])
        XCTAssertEqual(folded.weights.map(\.storedValue.scalars), unfused.weights.map(\.storedValue.scalars))
        // The optimizer's in-place updates and the moving statistics' show in the next prediction.
        assertClose(try folded.predict(x), try unfused.predict(x), "after fit")
        let evaluated = try folded.evaluate(x: x, y: y, verbose: 0), reference = try unfused.evaluate(x: x, y: y, verbose: 0)
        XCTAssertEqual(evaluated["loss"] ?? .nan, reference["loss"] ?? .nan, accuracy: 1e-5)
    }

    func testLoadedAndAssignedWeightsShowInTheNextPrediction() throws {
        let model = makeResNet(separated: false), other = makeResNet(separated: true, seed: 8)
        let x = Tensor.randomNormal([3, 9, 9, 2], seed: 6)
        let first = try model.predict(x)
        let folder = NSTemporaryDirectory() + "swiftdl-fold-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        randomizeNormalizations(other, seed: 40)
        try other.saveWeights(to: "\(folder)/other.weights.h5")
        try model.loadWeights(from: "\(folder)/other.weights.h5")
        let loaded = try model.predict(x)
        assertClose(loaded, try other.predict(x), "after loadWeights")
        XCTAssertNotEqual(loaded.scalars, first.scalars)
        let normalization = try XCTUnwrap(model.layers.compactMap { $0 as? BatchNormalization }.last)
        try XCTUnwrap(normalization.movingMean).assign(Tensor(repeating: -0.25, shape: [8]))
        try XCTUnwrap(other.layers.compactMap { $0 as? BatchNormalization }.last?.movingMean)
            .assign(Tensor(repeating: -0.25, shape: [8]))
        let assigned = try model.predict(x)
        assertClose(assigned, try other.predict(x), "after assign")
        XCTAssertNotEqual(assigned.scalars, loaded.scalars)
    }

    /// Sequential models share the graph: a Conv–BN–ReLU stack predicts the folded call exactly,
    /// and as the unfused layers up to rounding.
    func testASequentialStackFolds() throws {
        Random.seed(3)
        let conv = Conv2D(6, kernelSize: 3, strides: 2, padding: .same), normalization = BatchNormalization()
        let model = Sequential([InputLayer(shape: [7, 7, 3]), conv, normalization, ReLU(), Flatten()])
        let x = Tensor.randomNormal([2, 7, 7, 3], seed: 9)
        _ = try model.predict(x)
        try XCTUnwrap(normalization.movingVariance).value = Tensor.randomUniform([6], min: 0.5, max: 2, seed: 10)
        let predicted = try model.predict(x)
        let foldedCall = try XCTUnwrap(conv.callFolding(normalization, x, relu: true, training: false))
        XCTAssertEqual(predicted.scalars, foldedCall.scalars)
        assertClose(predicted, relu(normalization(conv(x, training: false), training: false)).reshaped([2, 96]), "unfused")
    }
}

/// Doubles its input; folds a normalization (and a residual) after it, declining in training,
/// recording its calls.
final class FoldRecorder: Layer, NormalizationFoldable {
    private(set) var plainCalls = 0
    /// One entry per folded call: whether the ReLU was folded too.
    private(set) var foldedCalls: [Bool] = []

    override func call(_ input: Tensor, training: Bool) -> Tensor {
        plainCalls += 1
        return input * 2
    }

    /// One entry per folded call with a residual: whether the ReLU was folded too.
    private(set) var residualCalls: [Bool] = []

    func canFold(_ normalization: BatchNormalization) -> Bool { true }

    func callFolding(_ normalization: BatchNormalization, _ input: Tensor, adding residual: Tensor, relu withReLU: Bool,
                     training: Bool) -> Tensor? {
        guard !training else { return nil }
        residualCalls.append(withReLU)
        let y = normalization(input * 2, training: false) + residual
        return withReLU ? relu(y) : y
    }

    func callFolding(_ normalization: BatchNormalization, _ input: Tensor, relu withReLU: Bool, training: Bool) -> Tensor? {
        guard !training else { return nil }
        foldedCalls.append(withReLU)
        let y = normalization(input * 2, training: false)
        return withReLU ? relu(y) : y
    }
}
