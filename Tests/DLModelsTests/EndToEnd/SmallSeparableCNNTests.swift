import DL
import DLTestSupport
import XCTest

/// A small modern CNN made of the depthwise-separable layers, PReLU, ELU and SpatialDropout2D trains
/// inside a Sequential, and its configuration round-trips with the same predictions.
final class SmallSeparableCNNTests: XCTestCase {
    private func makeModel() -> Sequential {
        Sequential([
            InputLayer(shape: [8, 8, 3]),
            SeparableConv2D(8, kernelSize: 3, padding: .same, activation: .relu),
            DepthwiseConv2D(kernelSize: 3, strides: 2, padding: .same, depthMultiplier: 2),
            PReLU(alphaInitializer: .constant(0.1), sharedAxes: [1, 2]),
            SpatialDropout2D(0.1, seed: 3),
            ELU(),
            GlobalAveragePooling2D(),
            Dense(2, activation: .softmax),
        ], name: "small_separable")
    }

    /// The class is whether channel 0 is brighter on the image's left half than on its right.
    private func data(_ count: Int) -> (x: Tensor, y: Tensor) {
        let x = Tensor.randomNormal([count, 8, 8, 3], seed: 5)
        let labels = (0..<count).map { n -> Float in
            var left: Float = 0, right: Float = 0
            for h in 0..<8 { for w in 0..<8 { let v = x.scalars[((n * 8 + h) * 8 + w) * 3]; if w < 4 { left += v } else { right += v } } }
            return left > right ? 1 : 0
        }
        return (x, Tensor(labels))
    }

    func testTrainsAndRoundTrips() throws {
        Random.seed(2)
        let model = makeModel()
        XCTAssertEqual(model.outputs.map(\.shape), [[2]])
        // Keras's count: 27 + 24 + 8 | 9·8·2 + 16 | 16 | 0 | 0 | 0 | 16·2 + 2.
        XCTAssertEqual(model.countParams(), 59 + 160 + 16 + 34)
        model.compile(optimizer: Adam(learningRate: 0.02), loss: .sparseCategoricalCrossentropy, metrics: [.accuracy])
        let (x, y) = data(64)
        let history = try model.fit(x: x, y: y, batchSize: 16, epochs: 15, verbose: 0)
        let losses = try XCTUnwrap(history.history["loss"])
        XCTAssertTrue(losses.allSatisfy { $0.isFinite })
        XCTAssertLessThan(try XCTUnwrap(losses.last), losses[0] * 0.8, "losses \(losses)")

        let config = model.getConfig()
        let rebuilt = try XCTUnwrap(try Sequential.fromConfig(config) as? Sequential)
        XCTAssertEqual(rebuilt.getConfig(), config)
        XCTAssertEqual(try LayerConfig(json: config.json), config)
        for (copy, original) in zip(rebuilt.weights, model.weights) { copy.value = original.value }
        assertTensorsClose(try rebuilt.predict(x), try model.predict(x), accuracy: 1e-6)
    }
}
