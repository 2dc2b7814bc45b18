import ArgumentParser
import DL

/// The benchmark workloads of BENCHMARKS.md, on Fashion-MNIST with pixels / 255.
/// Keras (`peers/keras_bench.py`) and PyTorch (`peers/torch_bench.py`) build the same models.
enum Workload: String, ExpressibleByArgument, CaseIterable {
    case mlp, lenet5, vgg, autoencoder, resnet, siamese, lstm

    /// The seeds of the siamese workload's training and test pairs (`peers/common.py` makes the same pairs).
    static let trainPairSeed: UInt64 = 42, testPairSeed: UInt64 = 43

    /// The per-sample input shape: images `[28, 28, 1]`, the autoencoder's 784-vectors, the LSTM's
    /// 28 rows of 28 pixels.
    var inputShape: [Int] {
        switch self {
        case .autoencoder: return [784]
        case .lstm: return [28, 28]
        default: return [28, 28, 1]
        }
    }

    /// Classifiers report test accuracy (the siamese workload its same/different pair accuracy);
    /// the autoencoder reports its test MSE.
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
        case .resnet:
            return Zoo.resNet(inputShape: inputShape, classes: 10, blocks: [2, 2])
        case .siamese:
            return Zoo.siameseSmall(inputShape: inputShape, embedding: 128)
        case .lstm:
            // Each image read row by row: 28 steps of 28 features (Keras: orthogonal recurrent kernel,
            // unit forget bias).
            return Sequential([LSTM(128, inputShape: inputShape), Dense(10, activation: .softmax)], name: "lstm")
        }
    }

    /// Compiles `model` with the workload's optimizer and loss: Adam 1e-3 and sparse categorical
    /// cross-entropy for the classifiers (binary cross-entropy for the siamese pairs, whose
    /// "accuracy" Keras resolves to binary accuracy), SGD 0.01 and MSE for the autoencoder.
    func compile(_ model: Model) {
        if self == .siamese {
            model.compile(optimizer: Adam(learningRate: 0.001), loss: .binaryCrossentropy, metrics: [.accuracy])
        } else if isClassifier {
            model.compile(optimizer: Adam(learningRate: 0.001), loss: .sparseCategoricalCrossentropy,
                          metrics: [.accuracy])
        } else {
            model.compile(optimizer: SGD(learningRate: 0.01), loss: .meanSquaredError)
        }
    }
}
