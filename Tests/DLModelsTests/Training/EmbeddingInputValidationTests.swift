import DL
import XCTest

/// Token ids out of an Embedding's range are a thrown DLError from fit, evaluate and predict
/// (naming the layer and the id), not a stop of the program.
final class EmbeddingInputValidationTests: XCTestCase {
    func testIdsOutOfRangeThrowFromEveryEntryPoint() throws {
        let model = Sequential([Embedding(inputDim: 10, outputDim: 4, inputShape: [3], name: "tokens"), LSTM(2),
                                Dense(1, activation: .sigmoid)])
        model.compile(optimizer: Adam(), loss: .binaryCrossentropy)
        let good = Tensor([[1, 2, 9], [0, 0, 3]]), y = Tensor([[1], [0]])
        XCTAssertEqual(try model.predict(good).shape, [2, 1])
        for bad in [Tensor([[1, 2, 10], [0, 0, 3]]), Tensor([[1, -1, 2], [0, 0, 3]])] {
            for call in [{ _ = try model.predict(bad) }, { _ = try model.evaluate(x: bad, y: y) },
                         { try model.fit(x: bad, y: y, epochs: 1, verbose: 0) }] {
                XCTAssertThrowsError(try call()) { error in
                    let message = "\(error)"
                    XCTAssertTrue(message.contains("'tokens'") && message.contains("Received: id"), message)
                }
            }
        }
    }
}
