// The configuration plumbing every layer shares: Keras's base keys (`name`, `trainable`, `dtype`)
// written once by `config(with:)` and read once by `readConfig(_:_:)`, so that a layer's
// `getConfig`/`fromConfig` hold only its own keys.

/// The base-class settings read from a layer's configuration (Keras's `Layer` keys).
public struct LayerBaseConfig {
    /// The layer's name (`nil` when absent: the layer then gets a fresh unique name).
    public var name: String?
    /// Whether the weights are trainable (default true).
    public var trainable: Bool
    /// The per-sample input shape from Keras 2's `batch_input_shape` (batch entry dropped) or from
    /// Keras 3's `input_shape` / `input_dim` arguments, if any: the layer's `inputShapeHint`.
    public var inputShape: [Int]?
}

extension LayerConfig {
    /// Keras 3's serialized `DTypePolicy` for `float32`, the `dtype` every layer writes:
    /// `{"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}`.
    public static let float32Policy: LayerConfig = [
        "module": "keras", "class_name": "DTypePolicy", "config": ["name": "float32"], "registered_name": nil,
    ]
}

extension Layer {
    /// The base configuration (`name`, `trainable`, `dtype`) merged with a subclass's `members`
    /// (which win on a shared key): what a subclass's `getConfig()` returns.
    public func config(with members: [String: LayerConfig]) -> LayerConfig {
        let base: [String: LayerConfig] = ["name": .string(name), "trainable": .bool(trainable), "dtype": .float32Policy]
        return .object(base.merging(members) { $1 })
    }

    /// Reads a layer's configuration in one call: the base keys first (`name`, `trainable`,
    /// `dtype`, Keras 2's `batch_input_shape`, a `null` `activity_regularizer`), then the
    /// subclass's keys through `make`, then rejects any key left unread; the new layer gets the
    /// configuration's `trainable` (set only when false, so sublayers keep their own).
    /// Errors name `kerasClassName` and the key.
    /// - Throws: `DLError.invalidArgument` for an unknown, missing or ill-typed key, or a dtype other than float32.
    public static func readConfig<L: Layer>(_ config: LayerConfig,
                                            _ make: (inout ConfigReader, LayerBaseConfig) throws -> L) throws -> L {
        var reader = try ConfigReader(config, owner: kerasClassName)
        let base = try reader.layerBase()
        let layer = try make(&reader, base)
        try reader.finish()
        // Set only on a change: inner layers keep the `trainable` of their own configuration (as
        // Keras's Sequential does), and a frozen model freezes them all.
        if layer.trainable != base.trainable { layer.trainable = base.trainable }
        return layer
    }
}

extension ConfigReader {
    /// Reads Keras's base `Layer` keys (see `Layer.readConfig`), and `autocast`, which a custom
    /// layer's configuration holds.
    /// - Throws: `DLError.invalidArgument` for an ill-typed key or a dtype other than float32.
    public mutating func layerBase() throws -> LayerBaseConfig {
        let name = try optionalString("name")
        let trainable = try bool("trainable", default: true)
        try float32DType("dtype")
        var inputShape: [Int]?
        if let batchShape = try optionalShape("batch_input_shape", withBatch: true) {
            inputShape = batchShape
        } else if let shape = try optionalShape("input_shape", withBatch: false) {
            inputShape = shape
        } else if let inputDim = try optionalInt("input_dim") {
            inputShape = [inputDim]
        }
        try ignoreIfNull(["activity_regularizer"])
        _ = try bool("autocast", default: true)   // Keras's base-layer argument (a custom layer's config has it); no meaning in float32
        return LayerBaseConfig(name: name, trainable: trainable, inputShape: inputShape)
    }

    /// Accepts a float32 `dtype` under `key`: absent, `null`, the string `"float32"` (Keras 2 and
    /// early Keras 3) or a `DTypePolicy` (`FloatDTypePolicy` in Keras 3.2–3.3) named `float32`.
    /// - Throws: `DLError.invalidArgument` for any other dtype (this framework computes in float32 only).
    public mutating func float32DType(_ key: String) throws {
        guard let raw = value(key), !raw.isNull else { return }
        let policyName: LayerConfig?
        if raw.stringValue != nil {
            policyName = raw
        } else if let className = raw["class_name"]?.stringValue, ["DTypePolicy", "FloatDTypePolicy"].contains(className) {
            policyName = raw["config"]?["name"]
        } else {
            throw typeError(key, raw, expected: "a dtype name or a DTypePolicy object")
        }
        guard policyName == "float32" else {
            throw valueError(key, "only float32 is supported. Received: \(key)=\(raw.json)")
        }
    }

    /// A per-sample shape under `key`, or nil when absent or `null`. With `withBatch`, the list
    /// starts with the batch size (Keras writes `null`), which is dropped.
    /// - Throws: `DLError.invalidArgument` for a value that is not a list of positive integers
    ///   (an unknown size, `null`, is refused after the batch entry).
    public mutating func optionalShape(_ key: String, withBatch: Bool) throws -> [Int]? {
        guard let raw = value(key), !raw.isNull else { return nil }
        let expected = withBatch ? "a list [batch, sizes...] of positive integers" : "a list of positive integers"
        guard var elements = raw.arrayValue, !(withBatch && elements.isEmpty) else { throw typeError(key, raw, expected: expected) }
        if withBatch { elements.removeFirst() }
        return try elements.map { element in
            guard let size = element.intValue, size > 0 else { throw typeError(key, raw, expected: expected) }
            return size
        }
    }
}
