import DL
import XCTest

/// Recurrent models learn through `fit`: a task that needs memory across steps (the label is
/// whether the FIRST token of six is above 5, the later tokens being noise).
final class SequenceTrainingTests: XCTestCase {
    private func data(_ count: Int, seed: UInt64) -> (x: Tensor, y: Tensor) {
        var rng = SplitMix64(seed: seed)
        let ids = (0..<(count * 6)).map { _ in Float(Int.random(in: 1..<10, using: &rng)) }
        let labels = (0..<count).map { ids[$0 * 6] > 5 ? Float(1) : 0 }
        return (Tensor(shape: [count, 6], scalars: ids), Tensor(shape: [count, 1], scalars: labels))
    }

    func testEmbeddingRecurrentModelsLearnToRememberTheFirstToken() throws {
        let (x, y) = data(256, seed: 1), (testX, testY) = data(128, seed: 2)
        for recurrent in [LSTM(12) as Layer, GRU(12), Bidirectional(SimpleRNN(8))] {
            Random.seed(3)
            let model = Sequential([Embedding(inputDim: 10, outputDim: 8, inputShape: [6]), recurrent,
                                    Dense(1, activation: .sigmoid)])
            model.compile(optimizer: Adam(learningRate: 0.01), loss: .binaryCrossentropy, metrics: [.accuracy])
            try model.fit(x: x, y: y, batchSize: 32, epochs: 25, verbose: 0)
            let accuracy = try model.evaluate(x: testX, y: testY)["accuracy"] ?? 0
            XCTAssertGreaterThan(accuracy, 0.9, "\(type(of: recurrent))")
        }
    }
}
