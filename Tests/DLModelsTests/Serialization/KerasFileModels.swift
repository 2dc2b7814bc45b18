import DL
import Foundation
import XCTest

/// The models of `Tests/Fixtures/KerasFiles/generate_keras_files.py`, built with SwiftDL's API at
/// the script's sizes, with the fixed input batch and Keras's predictions of `<model>.io.json`.
enum KerasFileModels {
    /// `Tests/Fixtures/KerasFiles`, found from this file's path.
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/KerasFiles").path

    /// Every model of the fixtures that SwiftDL builds (not `lambda_double`, which holds Python code).
    static let names = ["mlp", "lenet5", "small_vgg", "resnet", "conv_autoencoder", "siamese",
                        "lstm", "stacked_gru", "bidirectional_lstm", "embedding_rnn"]

    /// A fresh model `name`, built as the generator builds it.
    static func build(_ name: String) throws -> Model {
        switch name {
        case "mlp":
            return Sequential([Dense(16, activation: .relu, inputShape: [20]), Dropout(0.2),
                               Dense(5, activation: .softmax)], name: "mlp")
        case "lenet5": return Zoo.leNet5()
        case "small_vgg": return Zoo.smallVGG(inputShape: [8, 8, 1], classes: 10)
        case "resnet": return Zoo.resNet(inputShape: [8, 8, 1], classes: 3, blocks: [1, 1])
        case "conv_autoencoder": return Zoo.convAutoencoder(inputShape: [8, 8, 1])
        case "siamese": return Zoo.siameseSmall(inputShape: [12, 12, 1], embedding: 16)
        case "lstm": return Sequential([LSTM(8, inputShape: [6, 4]), Dense(3, activation: .softmax)], name: "lstm")
        case "stacked_gru":
            return Sequential([GRU(6, returnSequences: true, inputShape: [6, 4]), GRU(5), Dense(2, activation: .sigmoid)],
                              name: "stacked_gru")
        case "bidirectional_lstm": return Sequential([Bidirectional(LSTM(4), inputShape: [5, 3]), Dense(2)], name: "bidirectional_lstm")
        case "embedding_rnn":
            return Sequential([Embedding(inputDim: 20, outputDim: 6, maskZero: true, inputShape: [7]), SimpleRNN(5),
                               Dense(1, activation: .sigmoid)], name: "embedding_rnn")
        default: throw DLError.invalidArgument(context: "KerasFileModels", message: "no model \(name)")
        }
    }

    /// The inputs and Keras's outputs of `keras<version>/<name>.io.json`.
    static func io(_ name: String, version: Int = 3) throws -> (inputs: [Tensor], outputs: [Tensor]) {
        let url = URL(fileURLWithPath: "\(directory)/keras\(version)/\(name).io.json")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        func tensors(_ key: String) -> [Tensor] {
            (json[key] as? [[String: Any]] ?? []).map { entry in
                Tensor(shape: entry["shape"] as? [Int] ?? [],
                       scalars: (entry["data"] as? [NSNumber] ?? []).map { $0.floatValue })
            }
        }
        return (tensors("inputs"), tensors("outputs"))
    }

    /// The path of a fixture file (`keras3/mlp.weights.h5`).
    static func file(_ relative: String) -> String { "\(directory)/\(relative)" }

    /// The largest absolute difference between `model`'s predictions on `inputs` and `expected`.
    static func largestDifference(_ model: Model, _ inputs: [Tensor], _ expected: Tensor) throws -> Float {
        let found = try model.predict(inputs)
        XCTAssertEqual(found.shape, expected.shape)
        return zip(found.scalars, expected.scalars).map { abs($0 - $1) }.max() ?? .infinity
    }

    /// A scratch folder, removed by the caller.
    static func scratchFolder() throws -> String {
        let folder = NSTemporaryDirectory() + "swiftdl-weights-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }
}
