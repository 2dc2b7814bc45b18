import DL
import DLTestSupport
import XCTest

final class EmbeddingTests: XCTestCase {
    /// Ids at k + 0.5: central differences of ±0.01 never change the id (ids get no gradient).
    private func ids(_ shape: [Int], below limit: Int, seed: UInt64) -> Tensor {
        let count = shape.reduce(1, *)
        var rng = SplitMix64(seed: seed)
        return Tensor(shape: shape, scalars: (0..<count).map { _ in Float(Int.random(in: 0..<limit, using: &rng)) + 0.5 })
    }

    func testConformance() {
        assertLayerConforms({ Embedding(inputDim: 6, outputDim: 3) }, inputShape: [4], weightNames: ["embeddings"], paramCount: 18,
                            input: ids([2, 4], below: 6, seed: 1))
        assertLayerConforms({ Embedding(inputDim: 5, outputDim: 2, embeddingsRegularizer: .l2(0.01), maskZero: true) },
                            inputShape: [2, 3], weightNames: ["embeddings"], input: ids([3, 2, 3], below: 5, seed: 2))
    }

    func testKerasInitializerRange() {
        let layer = Embedding(inputDim: 100, outputDim: 8)
        _ = layer(Tensor.zeros([1, 2]))
        let table = layer.weights[0].value.scalars
        XCTAssertTrue(table.allSatisfy { abs($0) <= 0.05 }, "uniform in ±0.05")
        XCTAssertGreaterThan(table.map(abs).max() ?? 0, 0.04)
    }

    func testRowsAndGradientToTheTable() {
        let layer = Embedding(inputDim: 3, outputDim: 2)
        _ = layer(Tensor.zeros([1, 1]))
        layer.weights[0].value = Tensor([[1, 2], [3, 4], [5, 6]])
        let x = Tensor([[2, 2, 0]])
        assertTensorsClose(layer(x), Tensor(shape: [1, 3, 2], scalars: [5, 6, 5, 6, 1, 2]))
        let (_, grads) = valueWithGradient(wrt: layer.trainableWeights) { layer(x).sum() }
        XCTAssertEqual(grads[0].scalars, [1, 1, 0, 0, 2, 2])
    }

    func testIdsOutOfRangeAreAClearError() {
        let layer = Embedding(inputDim: 10, outputDim: 2, name: "tokens")
        XCTAssertNoThrow(try layer.validate(ids: Tensor([[0, 9]])))
        for bad: Float in [10, -1, .nan] {
            XCTAssertThrowsError(try layer.validate(ids: Tensor([[1, bad]]))) { error in
                let message = "\(error)"
                XCTAssertTrue(message.contains("'tokens'") && message.contains("input_dim=10") && message.contains("Received: id"), message)
            }
        }
    }

    func testOutputsEqualKeras() throws {
        try RecurrentFixtures.assertMatchKeras(prefix: "embedding", atLeast: 1)
    }
}
