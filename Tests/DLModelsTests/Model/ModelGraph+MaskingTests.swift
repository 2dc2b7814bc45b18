import DL
import DLTestSupport
import XCTest

/// A sequence mask travels through the layers Keras lets it pass (`supports_masking`: Dense on
/// sequences, Dropout, the activation layers, BatchNormalization, TimeDistributed) to the recurrent
/// layer that reads it, and stops at the others.
final class ModelGraphMaskingTests: XCTestCase {
    /// Keras's predictions of `masking/masked_stack.keras` (written by `generate_recurrent.py`) on
    /// padded ids: padding after, before, in the middle, and none.
    func testMaskedStackPredictsAsKeras() throws {
        let folder = KerasFixtures.directory.appendingPathComponent("masking")
        let model = try Model.load(from: folder.appendingPathComponent("masked_stack.keras").path)
        let io = try KerasFixtures.load("masking", "masked_stack.io.json")
        let ids = try KerasFixtures.tensor(io["input"], in: "masked_stack")
        let expected = try KerasFixtures.tensor(io["output"], in: "masked_stack")
        let found = try model.predict(ids)
        KerasFixtures.assertMatchesKeras(found, expected, "masked_stack")
        // The same tokens padded after (row 0) and before (row 1): the same final state.
        XCTAssertEqual(found.slice(axis: 0, 0..<1).scalars, found.slice(axis: 0, 1..<2).scalars)
    }

    /// Padding anywhere gives the final state of the unpadded sequence, through Dense, Dropout,
    /// BatchNormalization, TimeDistributed, ReLU and an activation layer.
    func testPaddingGivesTheUnpaddedFinalState() throws {
        func stack(_ steps: Int) -> Sequential {
            Sequential([InputLayer(shape: [steps]), Embedding(inputDim: 9, outputDim: 4, maskZero: true),
                        Dense(6, activation: .tanh), Dropout(0.5), BatchNormalization(), ReLU(), TimeDistributed(Dense(5)),
                        ActivationLayer(.sigmoid), GRU(3)])
        }
        let padded = stack(6), plain = stack(3)
        for (a, b) in zip(plain.weights, padded.weights) { a.value = b.value }
        let ids = Tensor([[4, 2, 7], [1, 8, 5]])
        let expected = try plain.predict(ids)
        let before = concatenate([Tensor.zeros([2, 3]), ids], axis: 1), after = concatenate([ids, Tensor.zeros([2, 3])], axis: 1)
        assertTensorsClose(try padded.predict(before), expected, accuracy: 1e-6, "padding before")
        assertTensorsClose(try padded.predict(after), expected, accuracy: 1e-6, "padding after")
        // A layer without masking support (Conv1D) stops the mask: the padding then counts.
        let stopped = Sequential([InputLayer(shape: [6]), Embedding(inputDim: 9, outputDim: 4, maskZero: true),
                                  Conv1D(4, kernelSize: 1), GRU(3)])
        let sameTokens = try stopped.predict(concatenate([ids, Tensor.zeros([2, 3])], axis: 1))
        let shorter = try stopped.predict(concatenate([ids, ids], axis: 1).slice(axis: 1, 0..<6))
        XCTAssertNotEqual(sameTokens.scalars, shorter.scalars)
        XCTAssertNil(Conv1D(4, kernelSize: 1).computeMask([Tensor.zeros([1, 2, 3])], masks: [Tensor([[1, 0]])]))
    }

    /// Training on pre-padded ids moves every weight (and BatchNormalization's moving statistics)
    /// as training on the unpadded ids: the padded steps count nowhere, BatchNormalization's
    /// batch moments included.
    func testTrainingOnPaddedIdsEqualsTrainingOnTheUnpaddedOnes() throws {
        func stack(_ steps: Int) -> Sequential {
            let model = Sequential([InputLayer(shape: [steps]), Embedding(inputDim: 9, outputDim: 4, maskZero: true),
                                    Dense(5), BatchNormalization(), ReLU(), LSTM(3), Dense(1)])
            model.compile(optimizer: SGD(learningRate: 0.1), loss: MeanSquaredError())
            return model
        }
        let padded = stack(5), plain = stack(3)
        for (a, b) in zip(plain.weights, padded.weights) { a.value = b.value }
        let initial = plain.weights.map(\.value)
        let ids = Tensor([[4, 2, 7], [1, 8, 5], [3, 3, 6], [2, 5, 1]]), y = Tensor([[0.5], [-1], [1], [0]])
        _ = try plain.fit(x: ids, y: y, batchSize: 4, epochs: 3, verbose: 0, shuffle: false)
        _ = try padded.fit(x: concatenate([Tensor.zeros([4, 2]), ids], axis: 1), y: y, batchSize: 4, epochs: 3, verbose: 0, shuffle: false)
        for ((a, b), start) in zip(zip(plain.weights, padded.weights), initial) {
            XCTAssertNotEqual(a.value.scalars, start.scalars, "\(a.name) moved")
            assertTensorsClose(b.value, a.value, accuracy: 1e-5, b.name)
        }
    }

    /// A mask reaching a Dense with softmax before a loss on logits leaves the loss on logits (the
    /// masked call path is only for the layers that read masks): the evaluated loss is the
    /// cross-entropy of the predicted probabilities.
    func testMaskedSoftmaxOutputKeepsTheLossOnLogits() throws {
        let model = Sequential([InputLayer(shape: [5]), Embedding(inputDim: 6, outputDim: 3, maskZero: true),
                                LSTM(4, returnSequences: true), Dense(3, activation: .softmax)])
        model.compile(optimizer: Adam(), loss: SparseCategoricalCrossentropy())
        let ids = Tensor([[1, 2, 3, 0, 0], [2, 3, 4, 5, 0], [5, 4, 3, 2, 1], [1, 1, 2, 0, 0]])
        let labels = Tensor([[0, 1, 2, 0, 0], [1, 2, 0, 1, 0], [2, 1, 0, 2, 1], [0, 0, 1, 0, 0]])
        let probabilities = try model.predict(ids).reshaped([20, 3]).scalars
        let expected = zip(0..<20, labels.scalars).map { -logf(probabilities[$0 * 3 + Int($1)]) }.reduce(0, +) / 20
        let loss = try XCTUnwrap(try model.evaluate(x: ids, y: labels, batchSize: 4)["loss"])
        XCTAssertEqual(loss, expected, accuracy: 1e-5)
    }
}
