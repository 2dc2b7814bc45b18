import DL
import DLTestSupport
import XCTest

/// One NaN pixel reaches the loss through layers with a fused ReLU, as in Keras, so that
/// `TerminateOnNaN` stops training instead of the NaN silently turning into 0 and ruining the weights.
final class TerminateOnNaNTests: XCTestCase {
    /// Conv2D layers with ReLU whose shapes pick each convolution strategy (ConvolutionKernels+Plan.swift),
    /// with their input channels; in this order they also chain, from 1 channel, 8×8, down to 2×2.
    private func convolutions() -> [(strategy: String, channels: Int, layer: Conv2D)] {
        [("shifted planes", 1, Conv2D(6, kernelSize: 3, activation: .relu, inputShape: [8, 8, 1])),   // F < 16, stride 1
         ("im2col rows", 6, Conv2D(16, kernelSize: 3, padding: .same, activation: .relu)),   // F ≥ 16, C < 16
         ("Winograd", 16, Conv2D(16, kernelSize: 3, padding: .same, activation: .relu)),     // 3×3, stride 1, C and F ≥ 16
         ("transposed", 16, Conv2D(8, kernelSize: 3, strides: 2, activation: .relu))]        // F < 16, stride 2
    }

    func testFusedReLULayersKeepANaNInput() {
        for (strategy, channels, conv) in convolutions() {
            var x = Tensor.randomUniform([2, 8, 8, channels], min: -1, max: 1, seed: 1).scalars
            x[(64 + 3 * 8 + 4) * channels] = .nan   // sample 1, pixel (3, 4), channel 0
            let y = conv(Tensor(shape: [2, 8, 8, channels], scalars: x)).scalars, perSample = y.count / 2
            XCTAssertFalse(y[0..<perSample].contains { $0.isNaN }, "\(strategy): sample 0 has no NaN")
            XCTAssertTrue(y[perSample...].contains { $0.isNaN }, "\(strategy): the NaN pixel reaches the output")
        }
        let y = Dense(5, activation: .relu)(Tensor([[1, 2, 3], [4, .nan, 6]]))
        XCTAssertEqual(y.scalars.map(\.isNaN), [Bool](repeating: false, count: 5) + [Bool](repeating: true, count: 5))
    }

    func testOneNaNPixelMakesTheLossNaNAndStopsTraining() throws {
        Random.seed(3)
        var x = Tensor.randomUniform([32, 8, 8, 1], min: 0, max: 1, seed: 2).scalars
        x[20 * 64 + 27] = .nan   // sample 20: the third batch of 8
        let images = Tensor(shape: [32, 8, 8, 1], scalars: x), labels = Tensor((0..<32).map { Float($0 % 3) })
        let model = Sequential(convolutions().map(\.layer) + [Flatten(), Dense(10, activation: .relu), Dense(3, activation: .softmax)])
        model.compile(optimizer: SGD(learningRate: 0.01), loss: .sparseCategoricalCrossentropy)
        let terminate = TerminateOnNaN()
        let history = try model.fit(x: images, y: labels, batchSize: 8, epochs: 3, verbose: 0, callbacks: [terminate],
                                    shuffle: false)
        XCTAssertEqual(terminate.terminatedAtBatch, 2)
        XCTAssertEqual(history.history["loss"]?.count, 1)
        XCTAssertTrue(history.history["loss"]?.first?.isNaN ?? false)
    }

    func testTerminateOnNaN() {
        let model = identityModel()
        let callback = attach(TerminateOnNaN(), to: model)
        callback.onBatchEnd(0, logs: ["loss": 0.5])
        XCTAssertFalse(model.stopTraining)
        callback.onBatchEnd(1, logs: ["loss": .infinity])
        XCTAssertTrue(model.stopTraining)
        XCTAssertEqual(callback.terminatedAtBatch, 1)
        let other = identityModel()
        attach(TerminateOnNaN(), to: other).onBatchEnd(3, logs: ["loss": .nan])
        XCTAssertTrue(other.stopTraining)
    }
}
