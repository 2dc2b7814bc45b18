import DL
import XCTest

/// A `FollowerFusable` layer runs the layer after it only where that layer alone reads its output,
/// which is no model output; a Conv2D and the MaxPooling2D after it, fused so, predict and train
/// bit for bit as the same layers unfused.
final class ModelGraphFollowerFusionTests: XCTestCase {
    func testALayerRunsItsFollowerOnlyWhenItAloneReadsAValueThatIsNoOutput() throws {
        let x = Tensor(shape: [2, 3], scalars: [-1, 2, -3, 4, 0.5, -0.25])
        func model(_ build: (SymbolicTensor, FollowerRecorder) -> [SymbolicTensor]) throws -> (FollowerRecorder, [Tensor]) {
            let input = Input(shape: [3]), recorder = FollowerRecorder()
            let outputs = build(input, recorder)
            return (recorder, try Model(inputs: [input], outputs: outputs).predictOutputs([x]))
        }
        let (fused, fusedResults) = try model { input, recorder in [ActivationLayer(.sigmoid)(recorder(input))] }
        XCTAssertEqual([fused.fusedCalls, fused.plainCalls], [1, 0])
        XCTAssertEqual(fusedResults, [sigmoid(x * 2)])
        let (twoReaders, twoResults) = try model { input, recorder in
            let value = recorder(input)
            return [ActivationLayer(.sigmoid)(value), Dense(1)(value)]
        }
        XCTAssertEqual([twoReaders.fusedCalls, twoReaders.plainCalls], [0, 1], "read by two layers")
        XCTAssertEqual(twoResults[0], sigmoid(x * 2))
        let (asOutput, outputResults) = try model { input, recorder in
            let value = recorder(input)
            return [ActivationLayer(.sigmoid)(value), value]
        }
        XCTAssertEqual([asOutput.fusedCalls, asOutput.plainCalls], [0, 1], "a model output")
        XCTAssertEqual(outputResults, [sigmoid(x * 2), x * 2])
        let (refused, _) = try model { input, recorder in [ActivationLayer(.tanh)(recorder(input))] }
        XCTAssertEqual([refused.fusedCalls, refused.plainCalls], [0, 1], "a follower it cannot run")
    }

    /// The siamese twin's first stage, and the VGG's Winograd stage, with and without the fusion
    /// (an identity `Activation("linear")` between the layers keeps them apart): the same
    /// predictions and, after three Adam steps, the same weights, bit for bit.
    func testConvolutionAndMaxPoolingTrainAsUnfused() throws {
        for (shape, kernel, filters, padding) in [([12, 12, 1], 5, 32, Padding.valid), ([10, 10, 16], 3, 16, Padding.same)] {
            func makeModel(separated: Bool) -> Model {
                Random.seed(4)
                let input = Input(shape: shape)
                var h = Conv2D(filters, kernelSize: kernel, padding: padding, activation: .relu)(input)
                if separated { h = ActivationLayer(.linear)(h) }
                h = MaxPooling2D(poolSize: 2)(h)
                let model = Model(inputs: input, outputs: Dense(3, activation: .softmax)(Flatten()(h)))
                model.compile(optimizer: Adam(learningRate: 0.01), loss: .sparseCategoricalCrossentropy)
                return model
            }
            let fused = makeModel(separated: false), unfused = makeModel(separated: true)
            let x = Tensor.randomNormal([12] + shape, seed: 5), y = Tensor((0..<12).map { Float($0 % 3) })
            XCTAssertEqual(try fused.predict(x).scalars, try unfused.predict(x).scalars)
            let fusedHistory = try fused.fit(x: x, y: y, batchSize: 4, epochs: 1, verbose: 0, shuffle: false)
            let unfusedHistory = try unfused.fit(x: x, y: y, batchSize: 4, epochs: 1, verbose: 0, shuffle: false)
            XCTAssertEqual(fusedHistory.history["loss"], unfusedHistory.history["loss"])
            XCTAssertEqual(fused.weights.map(\.storedValue.scalars), unfused.weights.map(\.storedValue.scalars))
            XCTAssertEqual(try fused.predict(x).scalars, try unfused.predict(x).scalars)
        }
    }
}

/// Doubles its input; runs a sigmoid after it fused, counting plain and fused calls.
final class FollowerRecorder: Layer, FollowerFusable {
    private(set) var plainCalls = 0
    private(set) var fusedCalls = 0

    override func call(_ input: Tensor, training: Bool) -> Tensor {
        plainCalls += 1
        return input * 2
    }

    func canRunFollowed(by next: Layer) -> Bool { (next as? ActivationLayer)?.activation == .sigmoid }

    func callFollowed(by next: Layer, _ input: Tensor, training: Bool) -> Tensor {
        fusedCalls += 1
        return sigmoid(input * 2)
    }
}
