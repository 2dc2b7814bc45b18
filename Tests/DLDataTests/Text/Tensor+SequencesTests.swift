import DL
import DLTestSupport
import XCTest

/// Id sequences of different lengths are a thrown error that says to pad them; padded ones train.
final class TensorSequencesTests: XCTestCase {
    func testRaggedSequencesAreAClearError() throws {
        let tokenizer = Tokenizer()
        tokenizer.fitOnTexts(["the cat sat", "the cat sat on the mat"])
        let sequences = tokenizer.textsToSequences(["the cat sat", "the cat sat on the mat"])
        XCTAssertThrowsError(try Tensor(sequences: sequences)) { error in
            XCTAssertEqual("\(error)".contains("sequence 1 has 6"), true, "\(error)")
            XCTAssertTrue("\(error)".contains("padSequences"), "\(error)")
            XCTAssertTrue("\(error)".hasSuffix("Received: rows of lengths 3 and 6"), "\(error)")
        }
        XCTAssertThrowsError(try Tensor(sequences: [[Float]]([[1.5], [], [2]]))) { error in
            XCTAssertTrue("\(error)".hasSuffix("Received: rows of lengths 1 and 0"), "\(error)")
        }
        XCTAssertThrowsError(try Tensor(sequences: [[Int]]())) { error in
            XCTAssertTrue("\(error)".hasSuffix("Received: 0 sequences"), "\(error)")
        }
    }

    func testSequencesOfOneLengthAndPaddedOnesFeedAModel() throws {
        XCTAssertEqual(try Tensor(sequences: [[1, 2], [3, 4], [5, 0]]), Tensor([[1, 2], [3, 4], [5, 0]]))
        let ragged = [[3, 1, 4, 1], [5, 9], [2, 6, 5]]
        let x = try Tensor(sequences: padSequences(ragged).scalars.chunked(4))
        XCTAssertEqual(x.shape, [3, 4])
        let model = Sequential([InputLayer(shape: [4]), Embedding(inputDim: 10, outputDim: 3, maskZero: true), LSTM(2), Dense(1)])
        model.compile(optimizer: SGD(), loss: MeanSquaredError())
        let history = try model.fit(x: x, y: Tensor([[1], [0], [1]]), batchSize: 3, epochs: 1, verbose: 0)
        XCTAssertEqual(history.history["loss"]?.count, 1)
    }
}

private extension Array where Element == Float {
    /// Rows of `width` ints.
    func chunked(_ width: Int) -> [[Int]] {
        stride(from: 0, to: count, by: width).map { self[$0..<Swift.min($0 + width, count)].map { Int($0) } }
    }
}
