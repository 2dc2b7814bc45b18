import DL
import DLTestSupport
import XCTest

/// The graph runner lets each intermediate value go after its last reader: outputs, values read
/// by several layers and shared layers must still see the right tensors.
final class ModelGraphTests: XCTestCase {
    func testIntermediateOutputsAndSharedLayersKeepTheirValues() throws {
        Random.seed(5)
        let input = Input(shape: [3])
        let shared = Dense(3, activation: .tanh)
        let first = shared(input)                 // read by `second`, `head` and returned as an output
        let second = shared(first)                // the shared layer called again
        let head = Dense(2)
        let output = head(second)
        let side = Dense(1)(first)
        let model = Model(inputs: [input], outputs: [output, first, side])
        let x = Tensor(shape: [4, 3], scalars: (0..<12).map { Float($0) / 6 - 1 })

        let results = withoutGradients { model.callAllOutputs([x], training: false) }
        let expectedFirst = shared(x)
        XCTAssertEqual(results.count, 3)
        XCTAssertEqual(results[1], expectedFirst)
        XCTAssertEqual(results[0], head(shared(expectedFirst)))
        XCTAssertEqual(results[2].shape, [4, 1])
        // Running again gives the same values: nothing released is read later.
        XCTAssertEqual(withoutGradients { model.callAllOutputs([x], training: false) }, results)
    }

    func testEachNodeIsCalledWithOneTensorOrAListAsItsInputsSay() throws {
        let a = Input(shape: [2]), b = Input(shape: [2])
        let merge = CallRecorder(), plain = CallRecorder()
        let model = Model(inputs: [a, b], outputs: [plain(merge([a, b]))])
        let x = Tensor(shape: [3, 2], scalars: (0..<6).map(Float.init))
        let output = try model.predict([x, x * 2])
        XCTAssertEqual(output, x + x * 2)
        XCTAssertEqual([merge.listCalls, merge.singleCalls], [1, 0], "two inputs: the list call")
        XCTAssertEqual([plain.listCalls, plain.singleCalls], [0, 1], "one input: the single-tensor call")
    }

    func testBatchNormalizationAndAddThenReLURunFusedWithTheUnfusedValuesAndGradients() {
        Random.seed(11)
        let input = Input(shape: [5, 5, 3])
        let conv = Conv2D(6, kernelSize: 3, padding: .same), shortcut = Conv2D(6, kernelSize: 1)
        let norm = BatchNormalization(), add = Add()
        let h = ActivationLayer(.relu)(norm(conv(input)))
        let model = Model(inputs: input, outputs: ReLU()(add([h, shortcut(input)])))
        let x = Tensor.randomNormal([3, 5, 5, 3], seed: 3), projection = Tensor.randomNormal([3, 5, 5, 6], seed: 4)
        let variables = conv.trainableWeights + norm.trainableWeights + shortcut.trainableWeights
        for training in [true, false] {
            let (fusedLoss, fused) = valueWithGradient(wrt: variables) { (model(x, training: training) * projection).sum() }
            let (loss, unfused) = valueWithGradient(wrt: variables) {
                let y = relu(norm.call(conv.call(x, training: training), training: training))
                return (relu(add.call([y, shortcut.call(x, training: training)], training: training)) * projection).sum()
            }
            XCTAssertEqual(fusedLoss.scalar, loss.scalar, accuracy: 1e-4 * Swift.abs(loss.scalar), "training \(training)")
            for (index, (a, b)) in zip(fused, unfused).enumerated() {
                assertScalarsClose(a.scalars, b.scalars, accuracy: 1e-4, "training \(training): gradient \(index)")
            }
        }
    }

    func testAReLUFusesIntoItsProducerOnlyWhenItAloneReadsAValueThatIsNoOutput() throws {
        let x = Tensor(shape: [2, 3], scalars: [-1, 2, -3, 4, 0.5, -0.25])
        func model(_ build: (SymbolicTensor, FusableRecorder) -> [SymbolicTensor]) throws -> (FusableRecorder, [Tensor]) {
            let input = Input(shape: [3]), recorder = FusableRecorder()
            let outputs = build(input, recorder)
            let results = try Model(inputs: [input], outputs: outputs).predictOutputs([x])
            return (recorder, results)
        }
        let (fused, fusedResults) = try model { input, recorder in [ActivationLayer(.relu)(recorder(input))] }
        XCTAssertEqual([fused.fusedCalls, fused.plainCalls], [1, 0])
        XCTAssertEqual(fusedResults, [relu(x * 2)])
        let (twoReaders, twoResults) = try model { input, recorder in
            let value = recorder(input)
            return [ActivationLayer(.relu)(value), Dense(1)(value)]
        }
        XCTAssertEqual([twoReaders.fusedCalls, twoReaders.plainCalls], [0, 1], "read by two layers")
        XCTAssertEqual(twoResults[0], relu(x * 2))
        let (asOutput, outputResults) = try model { input, recorder in
            let value = recorder(input)
            return [ActivationLayer(.relu)(value), value]
        }
        XCTAssertEqual([asOutput.fusedCalls, asOutput.plainCalls], [0, 1], "a model output")
        XCTAssertEqual(outputResults, [relu(x * 2), x * 2])
        let (notPlain, _) = try model { input, recorder in [ReLU(maxValue: 1)(recorder(input))] }
        XCTAssertEqual([notPlain.fusedCalls, notPlain.plainCalls], [0, 1], "a capped ReLU")
        let (sigmoidAfter, _) = try model { input, recorder in [ActivationLayer(.sigmoid)(recorder(input))] }
        XCTAssertEqual([sigmoidAfter.fusedCalls, sigmoidAfter.plainCalls], [0, 1], "not a ReLU")
    }
}

/// Doubles its input; counts plain calls and calls with a fused ReLU.
final class FusableRecorder: Layer, ReLUFusable {
    private(set) var plainCalls = 0
    private(set) var fusedCalls = 0

    override func call(_ input: Tensor, training: Bool) -> Tensor {
        plainCalls += 1
        return input * 2
    }

    func callFollowedByReLU(_ inputs: [Tensor], training: Bool) -> Tensor {
        fusedCalls += 1
        return relu(inputs[0] * 2)
    }
}

/// Adds its inputs; counts which `call` the graph runner used.
final class CallRecorder: Layer {
    private(set) var singleCalls = 0
    private(set) var listCalls = 0

    override func computeOutputShape(_ inputShapes: [[Int]]) throws -> [Int] { inputShapes[0] }

    override func build(inputShapes: [[Int]]) throws {}

    override func call(_ input: Tensor, training: Bool) -> Tensor {
        singleCalls += 1
        return input
    }

    override func call(_ inputs: [Tensor], training: Bool) -> Tensor {
        listCalls += 1
        return inputs.dropFirst().reduce(inputs[0], +)
    }
}
