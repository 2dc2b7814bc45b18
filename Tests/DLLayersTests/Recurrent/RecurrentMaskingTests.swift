import DL
import DLTestSupport
import XCTest

/// Masks from `Embedding(maskZero: true)` reach the recurrent layers through a model's graph, as
/// in Keras (Keras's own predictions with padding are checked in the Keras files tests:
/// `embedding_rnn`).
final class RecurrentMaskingTests: XCTestCase {
    /// A padded batch predicts what the same model predicts on the sequences without padding.
    func testPaddingChangesNothing() throws {
        for makeRecurrent in [{ LSTM(3) as Layer }, { GRU(3, returnSequences: true) }, { Bidirectional(SimpleRNN(2)) }] {
            let padded = Sequential([InputLayer(shape: [5]), Embedding(inputDim: 8, outputDim: 4, maskZero: true), makeRecurrent()])
            let plain = Sequential([InputLayer(shape: [3]), Embedding(inputDim: 8, outputDim: 4, maskZero: true), makeRecurrent()])
            for (a, b) in zip(plain.weights, padded.weights) { a.value = b.value }   // the same weights, a shorter input
            let ids = Tensor([[4, 2, 7], [1, 1, 5]])
            let prePadded = concatenate([Tensor.zeros([2, 2]), ids], axis: 1)
            let expected = try plain.predict(ids)
            let found = try padded.predict(prePadded)
            let name = "\(type(of: padded.layers.last!))"
            if found.rank == 3 {   // sequences: the padded steps come first and hold zeros (no state yet)
                XCTAssertEqual(found.slice(axis: 1, 0..<2).scalars.map(abs).max(), 0, name)
                assertTensorsClose(found.slice(axis: 1, 2..<5), expected, accuracy: 1e-6, name)
            } else {
                assertTensorsClose(found, expected, accuracy: 1e-6, name)
            }
            // Without the mask the padding changes the result.
            let unmasked = Sequential([InputLayer(shape: [5]), Embedding(inputDim: 8, outputDim: 4), makeRecurrent()])
            for (a, b) in zip(unmasked.weights, padded.weights) { a.value = b.value }
            XCTAssertNotEqual(try unmasked.predict(prePadded).scalars, found.scalars, name)
        }
    }

    func testMasksFollowKerasRules() {
        let ids = Tensor([[0, 3, 0]])
        XCTAssertEqual(Embedding(inputDim: 5, outputDim: 2, maskZero: true).computeMask([ids], masks: [nil])?.scalars, [0, 1, 0])
        XCTAssertNil(Embedding(inputDim: 5, outputDim: 2).computeMask([ids], masks: [nil]))
        let mask = Tensor([[1, 0]])
        XCTAssertEqual(LSTM(2, returnSequences: true).computeMask([Tensor.zeros([1, 2, 3])], masks: [mask]), mask)
        XCTAssertNil(LSTM(2).computeMask([Tensor.zeros([1, 2, 3])], masks: [mask]))
        XCTAssertEqual(Dense(2).computeMask([Tensor.zeros([1, 2, 3])], masks: [mask]), mask, "Dense passes it (supports_masking)")
        XCTAssertNil(Flatten().computeMask([Tensor.zeros([1, 2, 3])], masks: [mask]), "a layer without masking drops it")
    }
}
