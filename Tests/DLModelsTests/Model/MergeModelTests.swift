import DL
import DLTestSupport
import XCTest

/// Functional models built with the merge layers: two inputs through a shared `Dense`, merged by
/// `Add` or `Concatenate`, then a `Dense` head, train with `fit(x: [a, b], y:)`; a Siamese
/// pair model with `L1Distance` trains too.
final class MergeModelTests: XCTestCase {
    private func data(samples: Int) -> (a: Tensor, b: Tensor, y: Tensor) {
        let a = Tensor.randomNormal([samples, 4], seed: 21), b = Tensor.randomNormal([samples, 4], seed: 22)
        let y = (a + b).sum(axis: 1, keepDims: true) * 0.5   // symmetric: a shared Dense then Add can fit it
        return (a, b, y)
    }

    func testSharedDenseThenAddOrConcatenateTrains() throws {
        for merge in [Add(), Concatenate()] as [Layer] {
            Random.seed(3)
            let a = Input(shape: [4]), b = Input(shape: [4])
            let shared = Dense(8, activation: .tanh)
            let merged = merge([shared(a), shared(b)])
            XCTAssertEqual(merged.shape, merge is Add ? [8] : [16])
            let model = Model(inputs: [a, b], outputs: [Dense(1)(merged)])
            XCTAssertEqual(model.countParams(), 4 * 8 + 8 + (merge is Add ? 8 : 16) + 1)
            model.compile(optimizer: Adam(learningRate: 0.01), loss: .meanSquaredError)
            let (x1, x2, y) = data(samples: 64)
            let history = try model.fit(x: [x1, x2], y: y, batchSize: 16, epochs: 10, verbose: 0)
            let losses = try XCTUnwrap(history.history["loss"])
            XCTAssertLessThan(losses.last!, losses.first! * 0.7, "\(type(of: merge)): \(losses)")
            // The merge gets the shared layer's outputs for both inputs: predict agrees with the eager composition.
            let eager = withoutGradients { model.layers.last!(merge([shared(x1), shared(x2)])) }
            assertTensorsClose(try model.predict([x1, x2]), eager, accuracy: 1e-5)
        }
    }

    func testSiamesePairModelWithL1DistanceTrains() throws {
        Random.seed(4)
        let left = Input(shape: [4]), right = Input(shape: [4])
        let twin = Dense(6, activation: .sigmoid)
        let distance = L1Distance()([twin(left), twin(right)])
        let model = Model(inputs: [left, right], outputs: [Dense(1, activation: .sigmoid)(distance)])
        model.compile(optimizer: Adam(learningRate: 0.02), loss: .binaryCrossentropy)
        let a = Tensor.randomNormal([64, 4], seed: 31)
        let same = Tensor(shape: [64, 1], scalars: (0..<64).map { Float($0 % 2) })
        let b = a * same + Tensor.randomNormal([64, 4], seed: 32) * (1 - same)   // same pairs: b = a
        let history = try model.fit(x: [a, b], y: same, batchSize: 16, epochs: 10, verbose: 0)
        let losses = try XCTUnwrap(history.history["loss"])
        XCTAssertLessThan(losses.last!, losses.first!, "\(losses)")
    }
}
