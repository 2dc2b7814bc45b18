import DL
import Foundation
import XCTest

/// The model configurations Keras wrote for the issue-10 fixture models (`Tests/Fixtures/KerasFiles`,
/// see generate_keras_files.py and generate_model_configs.py there).
enum ModelConfigFixtures {
    /// The fixture models, each with the parameter count Keras printed for it.
    static let parameterCounts: [(name: String, parameters: Int)] = [
        ("mlp", 421), ("lenet5", 61_706), ("small_vgg", 99_178), ("resnet", 19_907),
        ("conv_autoencoder", 28_353), ("siamese", 20_385),
    ]

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/KerasFiles")

    static func json(_ version: Int, _ file: String) throws -> LayerConfig {
        let url = directory.appendingPathComponent("keras\(version)").appendingPathComponent(file)
        return try LayerConfig(json: String(contentsOf: url, encoding: .utf8))
    }

    /// `model.to_json()` of Keras `version` (2 or 3).
    static func toJSON(_ version: Int, _ model: String) throws -> LayerConfig { try json(version, "\(model).config.json") }

    /// What the saved files hold: `h5_model_config`, `h5_training_config`, and for Keras 3
    /// `keras_config` (the `.keras` archive's config.json) and `keras_metadata`.
    static func saved(_ version: Int, _ model: String, _ key: String) throws -> LayerConfig {
        try XCTUnwrap(try json(version, "\(model).saved_configs.json")[key], "\(model) \(key)")
    }

    /// The shapes of Keras's predictions (with the batch) in `<model>.io.json`.
    static func outputShapes(_ version: Int, _ model: String) throws -> [[Int]] {
        let outputs = try XCTUnwrap(try json(version, "\(model).io.json")["outputs"]?.arrayValue)
        return outputs.map { ($0["shape"]?.arrayValue ?? []).compactMap(\.intValue) }
    }

    /// The architecture as a summary shows it, without names (Keras 2 and 3 number inputs
    /// differently): each layer's class, output shapes and parameter count, nested models expanded.
    static func architecture(_ model: Model) -> [String] {
        model.layers.flatMap { layer -> [String] in
            let shape = layer.output.map { "\($0.shape)" } ?? "?"
            let row = "\(type(of: layer).kerasClassName) \(shape) \(layer.countParams()) trainable=\(layer.trainable)"
            guard let nested = layer as? Model else { return [row] }
            return [row] + architecture(nested).map { "  " + $0 }
        }
    }

    /// `value` with every nested value for which `transform` returns a replacement replaced (depth first, outside in).
    static func rewriting(_ value: LayerConfig, _ transform: (LayerConfig) -> LayerConfig?) -> LayerConfig {
        if let replaced = transform(value) { return replaced }
        switch value {
        case .object(let members): return .object(members.mapValues { rewriting($0, transform) })
        case .array(let elements): return .array(elements.map { rewriting($0, transform) })
        default: return value
        }
    }
}

extension LayerConfig {
    /// This object with `key` set to `value`.
    func setting(_ key: String, _ value: LayerConfig) -> LayerConfig {
        var members = objectValue ?? [:]
        members[key] = value
        return .object(members)
    }
}
