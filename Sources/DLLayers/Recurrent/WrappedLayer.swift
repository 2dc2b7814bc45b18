import DLCore

/// Reading the layer a wrapper (`Bidirectional`, `TimeDistributed`) holds in its configuration:
/// Keras serializes it whole, with the `build_config` of its first build, and rebuilds it from that.
enum WrappedLayer {
    /// The layer serialized under `key` (required).
    static func read(_ reader: inout ConfigReader, _ key: String) throws -> Layer {
        guard let value = reader.value(key) else {
            throw reader.valueError(key, "is required (the wrapped layer). Received: no '\(key)' key")
        }
        return try deserialize(value, key: key)
    }

    /// The layer `value` serializes, built for its `build_config` input shape when it has one.
    static func deserialize(_ value: LayerConfig, key: String) throws -> Layer {
        let layer = try LayerRegistry.deserialize(value, owner: "wrapper", key: key)
        if let shape = value["build_config"]?["input_shape"]?.arrayValue, !shape.isEmpty {
            let dims = shape.dropFirst().compactMap(\.intValue)
            if dims.count == shape.count - 1 { try layer.buildIfNeeded([dims]) }
        }
        return layer
    }
}
