import DL
import XCTest

/// The README's tour, compiled and run on a slice of Fashion-MNIST, so the README stays true.
final class ReadmeExamplesTests: XCTestCase {
    func testTheTourRuns() throws {
        Random.seed(3)
        let (fullTrain, fullTest) = try FashionMNIST.loadData()
        let train = (x: fullTrain.x[0..<512], y: fullTrain.y[0..<512])
        let test = (x: fullTest.x[0..<128], y: fullTest.y[0..<128])
        let xTrain = (train.x / 255).reshaped([-1, 28, 28, 1])
        let xTest = (test.x / 255).reshaped([-1, 28, 28, 1])
        let yTrain = toCategorical(train.y, numClasses: 10)
        let yTest = toCategorical(test.y, numClasses: 10)
        XCTAssertEqual(yTrain.shape, [512, 10])

        let model = Sequential([
            Flatten(inputShape: [28, 28, 1]),
            Dense(200, activation: .relu),
            Dense(60, activation: .relu),
            Dense(10, activation: .softmax),
        ])
        model.compile(optimizer: Adam(), loss: .categoricalCrossentropy, metrics: [.accuracy])
        let history = try model.fit(x: xTrain, y: yTrain, batchSize: 128, epochs: 2, verbose: 0, validationData: (xTest, yTest))
        XCTAssertEqual(history.history["val_accuracy"]?.count, 2)
        XCTAssertEqual(Set(try model.evaluate(x: xTest, y: yTest).keys), ["loss", "accuracy"])

        let flat = (train.x / 255).reshaped([-1, 784])
        let autoencoder = Sequential([
            InputLayer(shape: [784]),
            Dense(32, activation: .relu),
            Dense(784, activation: .sigmoid),
        ])
        autoencoder.compile(optimizer: SGD(), loss: .meanSquaredError)
        try autoencoder.fit(x: flat, y: flat, batchSize: 256, epochs: 1, verbose: 0)
        XCTAssertEqual(autoencoder.countParams(), 784 * 32 + 32 + 32 * 784 + 784)

        let regularized = Sequential([
            Dense(32, activation: .relu, kernelRegularizer: .l2(0.01), biasRegularizer: .l2(0.01), inputShape: [784]),
            Dropout(0.5),
            Dense(784, activation: .sigmoid),
        ])
        regularized.compile(optimizer: SGD(), loss: .meanSquaredError)
        try regularized.fit(x: flat, y: flat, batchSize: 256, epochs: 1, verbose: 0)

        let leNet = Zoo.leNet5(inputShape: [28, 28, 1], classes: 10)
        leNet.compile(optimizer: Adam(), loss: .categoricalCrossentropy, metrics: [.accuracy])
        try leNet.fit(x: xTrain, y: yTrain, batchSize: 128, epochs: 1, verbose: 0)

        let bytes = try FashionMNIST.loadBytes()
        let trainData = try Dataset(images: bytes.train.x[0..<512], labels: bytes.train.y[0..<512], scale: 1 / 255,
                                    sampleShape: [28, 28, 1]).batched(128).shuffled()
        let testData = try Dataset(images: bytes.test.x[0..<128], labels: bytes.test.y[0..<128], sampleShape: [28, 28, 1]).batched(256)
        let net = Zoo.leNet5(inputShape: [28, 28, 1], classes: 10)
        net.compile(optimizer: Adam(), loss: .sparseCategoricalCrossentropy, metrics: [.accuracy])
        let netHistory = try net.fit(trainData, epochs: 1, verbose: 0, validationData: testData)
        XCTAssertEqual(Set(netHistory.history.keys), ["loss", "accuracy", "val_loss", "val_accuracy"])
        XCTAssertEqual(try net.predict(testData).shape, [128, 10])

        let w = Variable(Tensor.randomNormal([784, 10], stddev: 0.01, seed: 42), name: "w")
        let b = Variable(Tensor.zeros([10]), name: "b")
        let batch = xTrain[0..<32].reshaped([32, 784])
        let labels = yTrain[0..<32]
        func loss() -> Tensor {
            let probabilities = softmax(matmul(batch, w.value) + b.value)
            return -(labels * log(probabilities)).sum(axis: -1).mean()
        }
        let (before, gradients) = valueWithGradient(wrt: [w, b]) { loss() }
        w.value = w.value - 0.1 * gradients[0]
        b.value = b.value - 0.1 * gradients[1]
        XCTAssertEqual(before.scalar, logf(10), accuracy: 0.05, "untrained loss is about ln 10")
        XCTAssertLessThan(loss().scalar, before.scalar)
    }
}
