import ArgumentParser
import DL

/// The benchmark workloads of BENCHMARKS.md, on Fashion-MNIST with pixels / 255.
/// Keras (`peers/keras_bench.py`) and PyTorch (`peers/torch_bench.py`) build the same models.
enum Workload: String, ExpressibleByArgument, CaseIterable {
    case mlp, lenet5, vgg, autoencoder

    /// The per-sample input shape: images `[28, 28, 1]`, the autoencoder's 784-vectors.
    var inputShape: [Int] { self == .autoencoder ? [784] : [28, 28, 1] }

    /// Classifiers report test accuracy; the autoencoder reports its test MSE.
    var isClassifier: Bool { self != .autoencoder }

    /// The model, with Keras's default initializers (Glorot-uniform kernels, zero biases).
    func makeModel() -> Model {
        switch self {
        case .mlp:
            return Sequential([
                Flatten(inputShape: inputShape),
                Dense(256, activation: .relu),
                Dense(128, activation: .relu),
                Dense(10, activation: .softmax),
            ], name: "mlp")
        case .lenet5:
            return Zoo.leNet5(inputShape: inputShape, classes: 10)
        case .vgg:
            return Sequential([
                Conv2D(32, kernelSize: 3, padding: .same, activation: .relu, inputShape: inputShape),
                Conv2D(32, kernelSize: 3, padding: .same, activation: .relu),
                MaxPooling2D(poolSize: 2),
                Conv2D(64, kernelSize: 3, padding: .same, activation: .relu),
                Conv2D(64, kernelSize: 3, padding: .same, activation: .relu),
                MaxPooling2D(poolSize: 2),
                Flatten(),
                Dense(128, activation: .relu),
                Dropout(0.5),
                Dense(10, activation: .softmax),
            ], name: "vgg")
        case .autoencoder:
            return Sequential([
                Dense(32, activation: .relu, inputShape: inputShape),
                Dense(784, activation: .sigmoid),
            ], name: "autoencoder")
        }
    }

    /// Compiles `model` with the workload's optimizer and loss: Adam 1e-3 and sparse categorical
    /// cross-entropy for the classifiers, SGD 0.01 and MSE for the autoencoder.
    func compile(_ model: Model) {
        if isClassifier {
            model.compile(optimizer: Adam(learningRate: 0.001), loss: .sparseCategoricalCrossentropy,
                          metrics: [.accuracy])
        } else {
            model.compile(optimizer: SGD(learningRate: 0.01), loss: .meanSquaredError)
        }
    }
}

/// Fashion-MNIST for a workload, kept as bytes and fed as data sets that convert one batch at a
/// time to `Float` pixels / 255 of shape `[batch] + inputShape` (the autoencoder's targets are its
/// inputs): the process never holds the images as `Float`, as Keras's `uint8` arrays don't.
struct BenchData {
    /// The training images and class ids, shuffled each epoch, batches of `batchSize`.
    var train: Dataset
    /// The test images in order, batches of `testBatchSize`.
    var test: Dataset
    /// The first test image, `[1] + inputShape`, for the latency figures.
    var firstTestImage: Tensor

    /// Loads the data set and keeps `trainSamples` training and `testSamples` test images (the
    /// first ones; all when nil).
    static func load(for workload: Workload, trainSamples: Int?, testSamples: Int?,
                     batchSize: Int, testBatchSize: Int) throws -> BenchData {
        var (train, test) = try FashionMNIST.loadBytes()
        if let trainSamples, trainSamples < train.x.shape[0] {
            train = (train.x[0..<trainSamples], train.y[0..<trainSamples])
        }
        if let testSamples, testSamples < test.x.shape[0] {
            test = (test.x[0..<testSamples], test.y[0..<testSamples])
        }
        let scale: Float = 1 / 255
        func dataset(_ split: (x: ByteTensor, y: Tensor)) throws -> Dataset {
            try Dataset(images: split.x, labels: workload.isClassifier ? split.y : nil,
                        scale: scale, sampleShape: workload.inputShape)
        }
        return BenchData(train: try dataset(train).batched(batchSize).shuffled(),
                         test: try dataset(test).batched(testBatchSize),
                         firstTestImage: test.x[0..<1].tensor(scale: scale).reshaped([1] + workload.inputShape))
    }
}
