import DL
import DLTestSupport
import Foundation
import XCTest

/// Step-for-step training parity with Keras 3 for the transfer protocol's small VGG
/// (`Zoo.smallVGG`, `TransferLearningTests`): the same initial weights (Keras's, from
/// `transfer/parity_initial.weights.h5`), the same 30 batches of 128 upright Fashion-MNIST images
/// in order, Adam (learning rate 0.001), sparse categorical cross-entropy, and Dropout's rate 0
/// (no masks to match). Keras's results come from `generate_transfer_parity.py` (`parity.json`,
/// `parity_trained.weights.h5`).
///
/// - After the first step, the Conv2D biases within 1e-5 of Keras's. Adam's first step moves every
///   weight by about ±0.001, the sign of its gradient, so a gradient of the wrong sign is off by
///   2e-3: before `restoreZeroWindows`, Winograd's rounding residues on the images' zero background
///   passed ReLU and flipped 15 of the 192 (measured: every weight then agrees within 2e-6).
/// - After 30 steps, each weight tensor's mean |SwiftDL − Keras| under 6% of its mean |movement|
///   (measured 0.6–2.9% on an AVX2 machine, 0.7–4.2% on an AVX-512 one, as with the direct convolution: float rounding, amplified by Adam's
///   division by √v where gradients are small; 5–17% with the flipped signs).
/// - The epoch's loss and accuracy and the trained model's loss and accuracy close to Keras's.
final class TransferTrainingParityTests: XCTestCase {
    static let steps = 30, batchSize = 128

    struct Expected: Decodable {
        let firstStepConvBiases: [[Float]]
        let fitLoss: Float, fitAccuracy: Float, trainedLoss: Float, trainedAccuracy: Float
    }

    /// Keeps the Conv2D biases after the first step.
    final class FirstStep: Callback {
        var biases = [[Float]]()
        override func onBatchEnd(_ batch: Int, logs: [String: Float]) throws {
            guard batch == 0, let model else { return }
            biases = model.layers.compactMap { $0 as? Conv2D }.map { $0.weights[1].value.scalars }
        }
    }

    func testSmallVGGTrainsStepForStepLikeKeras() throws {
        let raw = try XCTUnwrap(try? FashionMNIST.loadData(),
                                "Fashion-MNIST is missing: apt-get install dataset-fashion-mnist (make test does it)")
        let count = Self.steps * Self.batchSize
        let x = (raw.train.x[0..<count] / 255).reshaped([-1, 28, 28, 1]), y = raw.train.y[0..<count]
        let folder = KerasFixtures.directory.appendingPathComponent("transfer")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let expected = try decoder.decode(Expected.self, from: Data(contentsOf: folder.appendingPathComponent("parity.json")))

        let model = Zoo.smallVGG(dropout: 0)
        try model.loadWeights(from: folder.appendingPathComponent("parity_initial.weights.h5").path)
        let initial = model.weights.map(\.value.scalars)
        let keras = Zoo.smallVGG(dropout: 0)
        try keras.loadWeights(from: folder.appendingPathComponent("parity_trained.weights.h5").path)

        model.compile(optimizer: Adam(learningRate: 1e-3), loss: .sparseCategoricalCrossentropy, metrics: [.accuracy])
        let firstStep = FirstStep()
        let history = try model.fit(x: x, y: y, batchSize: Self.batchSize, epochs: 1, verbose: 0, callbacks: [firstStep],
                                    shuffle: false)

        XCTAssertEqual(firstStep.biases.count, 4)
        for (layer, (ours, theirs)) in zip(firstStep.biases, expected.firstStepConvBiases).enumerated() {
            assertScalarsClose(ours, theirs, accuracy: 1e-5, "Conv2D \(layer)'s bias after Adam's first step")
        }
        for ((weight, kerasWeight), start) in zip(zip(model.weights, keras.weights), initial) {
            let ours = weight.value.scalars, theirs = kerasWeight.value.scalars
            var difference: Float = 0, movement: Float = 0
            for i in ours.indices {
                difference += abs(ours[i] - theirs[i])
                movement += abs(theirs[i] - start[i])
            }
            XCTAssertGreaterThan(movement, 0)
            print("\(weight.name) \(weight.value.shape): mean |SwiftDL − Keras| / mean |Keras's movement| = \(difference / movement)")
            XCTAssertLessThan(difference / movement, 0.06, "\(weight.name) after \(Self.steps) steps")
        }
        let evaluated = try model.evaluate(x: x, y: y, batchSize: 256)
        let (fitLoss, fitAccuracy) = (try XCTUnwrap(history.history["loss"]?.first), try XCTUnwrap(history.history["accuracy"]?.first))
        let (trainedLoss, trainedAccuracy) = (try XCTUnwrap(evaluated["loss"]), try XCTUnwrap(evaluated["accuracy"]))
        print("epoch loss \(fitLoss), accuracy \(fitAccuracy) (Keras \(expected.fitLoss), \(expected.fitAccuracy)); trained loss "
            + "\(trainedLoss), accuracy \(trainedAccuracy) (Keras \(expected.trainedLoss), \(expected.trainedAccuracy))")
        XCTAssertEqual(fitLoss, expected.fitLoss, accuracy: 0.01)
        XCTAssertEqual(fitAccuracy, expected.fitAccuracy, accuracy: 0.01)
        XCTAssertEqual(trainedLoss, expected.trainedLoss, accuracy: 0.01)
        XCTAssertEqual(trainedAccuracy, expected.trainedAccuracy, accuracy: 0.01)
    }
}
