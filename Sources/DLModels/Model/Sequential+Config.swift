// Sequential's configuration, Keras's way: Keras 3 writes
// {"name", "trainable", "dtype", "layers": [{"module", "class_name", "config", "registered_name",
// "build_config"}, ...], "build_input_shape": [null, ...]}, with the input layer as the first entry.

extension Sequential {
    /// The value `getConfig()` returns (see there).
    func sequentialConfig() -> LayerConfig {
        var entries: [LayerConfig] = []
        var members: [String: LayerConfig] = [:]
        if let input = inputs.first, inputs.count == 1 {
            if let inputLayer = input.layer as? InputLayer { entries.append(LayerRegistry.serialize(inputLayer)) }
            members["build_input_shape"] = .array([.null] + input.shape.map { .int($0) })
        }
        entries += layers.map(ModelConfigContext.serialize)
        members["layers"] = .array(entries)
        return config(with: members)
    }

    /// The model `fromConfig(_:)` returns (see there). Nested `Sequential` models are read too.
    /// A `build_input_shape` with no input layer entry (Keras 2) declares the input shape.
    /// Layers (nested models too) are read through `context` (the user's custom objects first).
    static func sequential(fromConfig config: LayerConfig,
                           context: ModelConfigContext = ModelConfigContext(customObjects: [:])) throws -> Sequential {
        try readConfig(config) { reader, base in
            let raw = reader.value("layers") ?? .array([])
            guard let entries = raw.arrayValue else { throw reader.typeError("layers", raw, expected: "a list of layers") }
            var layers = try entries.enumerated().map { index, entry in
                try context.layer(from: entry, owner: "Sequential", key: "layers[\(index)]")
            }
            let buildShape = try reader.optionalShape("build_input_shape", withBatch: true)
            if let buildShape, !(layers.first is InputLayer), layers.first?.inputShapeHint == nil {
                layers.insert(InputLayer(shape: buildShape), at: 0)
            }
            return Sequential(layers, name: base.name)
        }
    }
}
