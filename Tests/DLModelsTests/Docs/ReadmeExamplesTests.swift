import Foundation
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

    /// The two-headed functional model.
    func testTheFunctionalTourRuns() throws {
        Random.seed(5)
        let (fullTrain, fullTest) = try FashionMNIST.loadData()
        let train = (x: fullTrain.x[0..<256], y: fullTrain.y[0..<256])
        let test = (x: fullTest.x[0..<64], y: fullTest.y[0..<64])
        let xTrain = (train.x / 255).reshaped([-1, 28, 28, 1])
        let xTest = (test.x / 255).reshaped([-1, 28, 28, 1])

        let image = Input(shape: [28, 28, 1], name: "image")
        var h = Conv2D(16, kernelSize: 3, padding: .same)(image)
        h = BatchNormalization()(h)
        h = ReLU()(h)
        let features = GlobalAveragePooling2D()(h)
        let cls = Dense(10, activation: .softmax, name: "cls")(features)
        let reg = Dense(1, name: "reg")(features)
        let twoHeads = Model(inputs: image, outputs: [cls, reg])
        twoHeads.compile(optimizer: Adam(), loss: [.sparseCategoricalCrossentropy, .meanSquaredError],
                         lossWeights: [1, 0.5], metrics: [[.accuracy], []])
        let brightness = xTrain.mean(axis: 1).mean(axis: 1)
        XCTAssertEqual(brightness.shape, [256, 1])
        try twoHeads.fit(x: [xTrain], y: [train.y, brightness], batchSize: 128, epochs: 1, verbose: 0)
        XCTAssertEqual(try twoHeads.evaluate(x: [xTest], y: [test.y, xTest.mean(axis: 1).mean(axis: 1)]).keys.sorted(),
                       ["cls_accuracy", "cls_loss", "loss", "reg_loss"])
        let predictions = try twoHeads.predictOutputs([xTest])
        XCTAssertEqual(predictions.map(\.shape), [[64, 10], [64, 1]])
        let extractor = Model(inputs: twoHeads.inputs, outputs: twoHeads.layer(named: "cls")!.input!)
        XCTAssertEqual(try extractor.predict(xTest).shape, [64, 16])
    }

    /// The configuration pair, the custom layer and the custom training step.
    func testConfigurationsCustomLayersAndStepsRun() throws {
        let dense = Dense(64, activation: .relu, kernelRegularizer: .l2(0.01), name: "hidden")
        XCTAssertTrue(dense.getConfig().json.contains(#""activation":"relu""#))
        XCTAssertTrue(dense.getConfig().json.contains(#""units":64"#))
        let copy = try Dense.fromConfig(dense.getConfig())
        XCTAssertEqual(copy.getConfig(), dense.getConfig())
        XCTAssertEqual(Adam(learningRate: 0.01).getConfig()["beta_1"], 0.9)

        Random.seed(4)
        let x = Tensor.randomUniform([64, 3], min: -1, max: 1, seed: 2)
        let layer = ScaleOffset(useReLU: true, name: "so")
        XCTAssertEqual(try ScaleOffset.fromConfig(layer.getConfig()).getConfig(), layer.getConfig())
        let input = Input(shape: [3])
        let model = ClippedStep(inputs: input, outputs: Dense(1)(layer(input)))
        model.compile(optimizer: SGD(learningRate: 0.1), loss: .meanSquaredError)
        let history = try model.fit(x: x, y: x.sum(axis: 1, keepDims: true), batchSize: 16, epochs: 5, verbose: 0)
        let losses = try XCTUnwrap(history.history["loss"])
        XCTAssertEqual(losses.count, 5)
        XCTAssertLessThan(losses.last!, losses.first!)
    }

    /// "Keras files, both ways", on the Keras-made fixtures (Tests/Fixtures/KerasFiles).
    func testTheKerasFilesSectionRuns() throws {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/KerasFiles/keras3").path
        let folder = NSTemporaryDirectory() + "swiftdl-readme-files-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let model = try Model.load(from: fixtures + "/mlp.keras")
        try model.save(to: folder + "/trained.keras")
        try model.save(to: folder + "/trained.h5")
        try model.saveWeights(to: folder + "/trained.weights.h5")
        let other = Sequential([Dense(16, activation: .relu, inputShape: [20]), Dropout(0.2), Dense(7, activation: .softmax)])
        try other.loadWeights(from: folder + "/trained.weights.h5", skipMismatch: true)   // a new 7-class head
        XCTAssertEqual(other.layers[0].weights.map(\.value), model.layers[0].weights.map(\.value))
        let withLambda = try Model.load(from: fixtures + "/lambda_double.keras",
                                        customObjects: ["double": { _ in Lambda(name: "double") { $0 * 2 } }])
        XCTAssertEqual(withLambda.countParams(), 23)
        let checkpoint = ModelCheckpoint(filepath: folder + "/ckpt/m.{epoch:02d}-{val_loss:.2f}.keras", saveBestOnly: true)
        let x = Tensor(shape: [6, 20], scalars: (0..<120).map { Float($0 % 7) / 7 }), y = Tensor([0, 1, 2, 3, 4, 0])
        try model.fit(x: x, y: y, epochs: 2, verbose: 0, callbacks: [checkpoint], validationData: (x, y))
        XCTAssertFalse(try FileManager.default.contentsOfDirectory(atPath: folder + "/ckpt").isEmpty)
    }
}

// The README's custom layer and custom training step, as written there.

private final class ScaleOffset: Layer {
    let useReLU: Bool
    private var scale: Variable?, offset: Variable?
    init(useReLU: Bool = false, name: String? = nil) { self.useReLU = useReLU; super.init(name: name) }
    override func build(inputShape: [Int]) throws {
        scale = addWeight(name: "scale", shape: [inputShape.last!], initializer: .ones)
        offset = addWeight(name: "offset", shape: [inputShape.last!], initializer: .zeros)
    }
    override func call(_ input: Tensor, training: Bool) -> Tensor {
        let y = input * scale!.value + offset!.value
        return useReLU ? relu(y) : y
    }
    override func getConfig() -> LayerConfig { config(with: ["use_relu": .bool(useReLU)]) }
    override class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in ScaleOffset(useReLU: try reader.bool("use_relu", default: false), name: base.name) }
    }
}

private final class ClippedStep: Model {
    override func trainStep(x: [Tensor], y: [Tensor]) throws -> [String: Float] {
        let variables = trainableWeights
        let (loss, gradients) = valueWithGradient(wrt: variables) { square(self.call(x, training: true) - y[0]).mean() }
        optimizer!.apply(gradients: gradients.map { clip($0, min: -1, max: 1) }, to: variables)
        return ["loss": loss.scalar]
    }
}
