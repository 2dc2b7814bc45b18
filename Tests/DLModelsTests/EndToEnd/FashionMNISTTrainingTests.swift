import DL
import XCTest

/// End-to-end training on the real Fashion-MNIST (Debian's `dataset-fashion-mnist`), with the
/// accuracy Keras reaches on the same models (86–87%).
final class FashionMNISTTrainingTests: XCTestCase {
    /// Pixels scaled to [0, 1], images [N, 28, 28, 1], labels [N] (loaded once).
    static let data: (train: (x: Tensor, y: Tensor), test: (x: Tensor, y: Tensor))? = {
        guard let raw = try? FashionMNIST.loadData() else { return nil }
        func prepare(_ x: Tensor) -> Tensor { (x / 255).reshaped([-1, 28, 28, 1]) }
        return ((prepare(raw.train.x), raw.train.y), (prepare(raw.test.x), raw.test.y))
    }()

    private func loadData() throws -> (train: (x: Tensor, y: Tensor), test: (x: Tensor, y: Tensor)) {
        try XCTUnwrap(Self.data, "Fashion-MNIST is missing: apt-get install dataset-fashion-mnist (make test does it)")
    }

    /// The course's MLP: Flatten – Dense(200, relu) – Dense(60, relu) – Dense(10, softmax),
    /// Adam, categorical cross-entropy, 5 epochs of batch 128: at least 86% test accuracy.
    func testCourseMLPReaches86PercentIn5Epochs() throws {
        let data = try loadData()
        Random.seed(2024)
        let model = Sequential([
            Flatten(inputShape: [28, 28, 1]),
            Dense(200, activation: .relu),
            Dense(60, activation: .relu),
            Dense(10, activation: .softmax),
        ])
        model.compile(optimizer: Adam(), loss: .categoricalCrossentropy, metrics: [.accuracy])
        let yTrain = toCategorical(data.train.y, numClasses: 10)
        let history = try model.fit(x: data.train.x, y: yTrain, batchSize: 128, epochs: 5, verbose: 2)
        XCTAssertEqual(history.history["loss"]?.count, 5)
        let results = try model.evaluate(x: data.test.x, y: toCategorical(data.test.y, numClasses: 10), batchSize: 256)
        print("MLP test accuracy after 5 epochs: \(results["accuracy"] ?? 0)")
        XCTAssertGreaterThanOrEqual(results["accuracy"] ?? 0, 0.86)
    }

    /// LeNet-5 from the zoo, Adam, sparse categorical cross-entropy, 3 epochs of batch 128:
    /// at least 86% test accuracy.
    func testLeNet5Reaches86PercentIn3Epochs() throws {
        let data = try loadData()
        Random.seed(2)
        let model = Zoo.leNet5(inputShape: [28, 28, 1], classes: 10)
        model.compile(optimizer: Adam(), loss: .sparseCategoricalCrossentropy, metrics: [.accuracy])
        try model.fit(x: data.train.x, y: data.train.y, batchSize: 128, epochs: 3, verbose: 2)
        let results = try model.evaluate(x: data.test.x, y: data.test.y, batchSize: 256)
        print("LeNet-5 test accuracy after 3 epochs: \(results["accuracy"] ?? 0)")
        XCTAssertGreaterThanOrEqual(results["accuracy"] ?? 0, 0.86)
    }

    /// The course's autoencoder Dense(32, relu) – Dense(784, sigmoid), SGD and MSE on x → x
    /// (batch 128, 3 epochs, as the benchmark's autoencoder workload): the test reconstruction
    /// error falls to Keras's level (0.167 after 3 epochs); the regularized variant with Dropout
    /// trains too.
    func testCourseAutoencodersTrainOnXToX() throws {
        let data = try loadData()
        Random.seed(7)
        let x = data.train.x.reshaped([-1, 784])
        let xTest = data.test.x.reshaped([-1, 784])
        let autoencoder = Sequential([
            Dense(32, activation: .relu, inputShape: [784]),
            Dense(784, activation: .sigmoid),
        ])
        autoencoder.compile(optimizer: SGD(), loss: .meanSquaredError)
        let before = try autoencoder.evaluate(x: xTest, y: xTest, batchSize: 256)["loss"] ?? 0
        try autoencoder.fit(x: x, y: x, batchSize: 128, epochs: 3, verbose: 0)
        let after = try autoencoder.evaluate(x: xTest, y: xTest, batchSize: 256)["loss"] ?? 1
        print("Autoencoder test MSE: \(before) before, \(after) after 3 epochs")
        XCTAssertLessThan(after, before)
        XCTAssertLessThanOrEqual(after, 0.170)

        let xSmall = x[0..<6000]
        let regularized = Sequential([
            Dense(32, activation: .relu, kernelRegularizer: .l2(0.01), biasRegularizer: .l2(0.01), inputShape: [784]),
            Dropout(0.5),
            Dense(784, activation: .sigmoid),
        ])
        regularized.compile(optimizer: SGD(), loss: .meanSquaredError)
        let regularizedHistory = try regularized.fit(x: xSmall, y: xSmall, batchSize: 32, epochs: 3, verbose: 0)
        let losses = try XCTUnwrap(regularizedHistory.history["loss"])
        XCTAssertTrue(losses.allSatisfy { $0.isFinite })
        XCTAssertLessThan(losses.last!, losses.first!)
    }
}
