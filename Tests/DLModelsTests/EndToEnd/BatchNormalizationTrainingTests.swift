import DL
import DLTestSupport
import XCTest

/// A small Conv2D–BatchNormalization–ReLU network trained with `fit`: the loss falls, the moving
/// statistics move (the layer updates them itself during `fit`'s training calls), the optimizer
/// sees only gamma and beta, and inference uses the moving statistics.
final class BatchNormalizationTrainingTests: XCTestCase {
    func testConvBatchNormReLUTrainsWithFit() throws {
        Random.seed(17)
        // Two classes of 6×6×2 images: a bright square in the top-left or the bottom-right corner.
        var images = [Float](), labels = [Float]()
        let noise = Tensor.randomNormal([48, 6, 6, 2], stddev: 0.3, seed: 3).scalars
        for n in 0..<48 {
            let label = n % 2
            for h in 0..<6 { for w in 0..<6 { for c in 0..<2 {
                let inCorner = label == 0 ? (h < 3 && w < 3) : (h >= 3 && w >= 3)
                images.append((inCorner ? 2 : 0) + 5 + noise[((n * 6 + h) * 6 + w) * 2 + c])
            } } }
            labels.append(Float(label))
        }
        let x = Tensor(shape: [48, 6, 6, 2], scalars: images), y = Tensor(labels)
        let bn = BatchNormalization(momentum: 0.8)
        let model = Sequential([Conv2D(4, kernelSize: 3, padding: .same, inputShape: [6, 6, 2]), bn, ReLU(),
                                Flatten(), Dense(2, activation: .softmax)])
        model.compile(optimizer: Adam(learningRate: 0.01), loss: .sparseCategoricalCrossentropy, metrics: [.accuracy])
        XCTAssertEqual(model.trainableWeights.map(\.name), ["kernel", "bias", "gamma", "beta", "kernel", "bias"])
        XCTAssertEqual(model.nonTrainableWeights.map(\.name), ["moving_mean", "moving_variance"])
        XCTAssertTrue(model.summary().contains("Non-trainable params: 8 "), "Keras: 2 × 4 moving statistics")

        let history = try model.fit(x: x, y: y, batchSize: 16, epochs: 4, verbose: 0, shuffle: false)
        let losses = try XCTUnwrap(history.history["loss"])
        XCTAssertLessThan(try XCTUnwrap(losses.last), losses[0] * 0.8, "loss \(losses)")

        // The moving mean tracks the convolution's output, about 5·Σkernel + bias per channel: far from its initial 0.
        let movingMean = try XCTUnwrap(bn.movingMean).value.scalars
        let movingVariance = try XCTUnwrap(bn.movingVariance).value.scalars
        XCTAssertTrue(movingMean.contains { Swift.abs($0) > 0.1 }, "moving mean \(movingMean)")
        XCTAssertNotEqual(movingVariance, [1, 1, 1, 1])
        XCTAssertTrue(movingVariance.allSatisfy { $0 > 0 })

        // predict runs BN at inference: the same as normalizing the conv output with the moving statistics.
        let conv = try XCTUnwrap(model.layers.first)
        let convOut = conv(x[0..<5])
        let expected = batchNormalization(convOut, mean: try XCTUnwrap(bn.movingMean).value,
                                          variance: try XCTUnwrap(bn.movingVariance).value,
                                          gamma: try XCTUnwrap(bn.gamma).value, beta: try XCTUnwrap(bn.beta).value, epsilon: 0.001)
        assertTensorsClose(bn(convOut), expected, accuracy: 1e-6)
        let before = try XCTUnwrap(bn.movingMean).value
        _ = try model.predict(x)
        _ = try model.evaluate(x: x, y: y)
        XCTAssertEqual(try XCTUnwrap(bn.movingMean).value, before, "inference leaves the moving statistics alone")
    }
}
