import ArgumentParser
import DL
import Foundation

/// `dl`: train, evaluate and inspect SwiftDL models from the shell.
@main
struct DLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dl",
        abstract: "Train and inspect SwiftDL models from the shell.",
        subcommands: [Train.self, Summary.self, Predict.self, Convert.self, Run.self])
}

/// The models the command line knows.
enum ZooModel: String, ExpressibleByArgument, CaseIterable {
    case lenet5, mlp, vgg, resnet

    /// A new model for 28×28×1 images and `classes` classes.
    func make(classes: Int) -> Model {
        switch self {
        case .lenet5:
            return Zoo.leNet5(inputShape: [28, 28, 1], classes: classes)
        case .mlp:
            return Sequential([
                Flatten(inputShape: [28, 28, 1]),
                Dense(256, activation: .relu),
                Dense(128, activation: .relu),
                Dense(classes, activation: .softmax),
            ], name: "mlp")
        case .vgg:
            return Zoo.smallVGG(inputShape: [28, 28, 1], classes: classes)
        case .resnet:
            return Zoo.resNet(inputShape: [28, 28, 1], classes: classes, blocks: [2, 2])
        }
    }
}

/// The data sets the command line knows.
enum DatasetName: String, ExpressibleByArgument, CaseIterable {
    case fashionMNIST = "fashion-mnist", mnist

    /// The images as stored bytes (a quarter of the memory of `Float` images) with their labels.
    func load(from directory: String?) throws -> (train: (x: ByteTensor, y: Tensor), test: (x: ByteTensor, y: Tensor)) {
        self == .fashionMNIST ? try FashionMNIST.loadBytes(from: directory) : try MNIST.loadBytes(from: directory)
    }
}

/// Images and labels fed to a model: pixels scaled to [0, 1] one batch at a time, shaped [28, 28, 1].
func imageDataset(_ split: (x: ByteTensor, y: Tensor), batchSize: Int, shuffled: Bool) throws -> Dataset {
    try Dataset(images: split.x, labels: split.y, scale: 1 / 255, sampleShape: [28, 28, 1])
        .batched(batchSize).shuffled(shuffled)
}

extension DLCommand {
    /// `--seed`: an unsigned 64-bit integer, or a negative one taken as its bit pattern (Keras's
    /// seeds are Python integers, and `-1` is a common way to write one).
    @Sendable static func parseSeed(_ text: String) throws -> UInt64 {
        if let value = UInt64(text) { return value }
        if let value = Int64(text) { return UInt64(bitPattern: value) }
        throw ValidationError("expected an integer in -2^63 ..< 2^64")
    }
}
