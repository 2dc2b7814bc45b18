import DL
import Foundation

/// The configurations Keras itself wrote, committed under `Tests/Fixtures/Keras/` by
/// `generate_layer_configs.py` (`layers/<model>.<layer>.json`, `models/<model>.json`).
public enum KerasFixtures {
    /// `Tests/Fixtures/Keras`, found from this file's path.
    public static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/Keras")

    /// The file names (sorted) in `folder` (`"layers"`, `"models"`) ending in `.json`.
    public static func names(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent(folder).path)
            .filter { $0.hasSuffix(".json") }.sorted()
    }

    /// The JSON of `folder/name` as a `LayerConfig`.
    public static func load(_ folder: String, _ name: String) throws -> LayerConfig {
        try LayerConfig(json: String(contentsOf: directory.appendingPathComponent(folder).appendingPathComponent(name), encoding: .utf8))
    }

    /// `value` without the `name` Keras writes inside a layer used as an `activation` (a
    /// `LeakyReLU`: its name is a session counter, `leaky_re_lu_3`, which DL reads and does not write).
    public static func withoutActivationLayerNames(_ value: LayerConfig) -> LayerConfig {
        switch value {
        case .object(var members):
            if case .object(var activation)? = members["activation"], case .object(var config)? = activation["config"] {
                config["name"] = nil
                activation["config"] = .object(config)
                members["activation"] = .object(activation)
            }
            return .object(members.mapValues(withoutActivationLayerNames))
        case .array(let elements): return .array(elements.map(withoutActivationLayerNames))
        default: return value
        }
    }
}
