// Activations in Keras's serialized form, both ways: Keras's string (`"relu"`, `"silu"`, ...).
//
// `.leakyRelu(alpha)` carries a slope that Keras's `"leaky_relu"` string cannot: Keras's function
// uses slope 0.2, so `.leakyRelu(0.2)` is written as `"leaky_relu"`; any other slope is written as
// Keras writes a `LeakyReLU` layer used as an activation,
// `{"module": "keras.layers", "class_name": "LeakyReLU", "config": {"trainable": true, "dtype": ...,
// "negative_slope": alpha}, ...}`, which Keras reads back too. Keras also writes that layer's `name`
// (`leaky_re_lu_3`, a counter of its session); it is read and not written, Keras making a new one.

extension Activation {
    /// The activation as Keras 3 serializes it (see the note at the top of this file for `.leakyRelu`).
    public var kerasConfig: LayerConfig {
        if case .leakyRelu(let slope) = self, slope != Activation.kerasLeakyReluSlope {
            return .serialized(module: "keras.layers", className: "LeakyReLU",
                               config: ["trainable": true, "dtype": .float32Policy, "negative_slope": .float(slope)])
        }
        return .string(kerasName)
    }

    /// The slope of Keras's `leaky_relu` activation function (its `negative_slope` default).
    static let kerasLeakyReluSlope: Float = 0.2

    /// Reads an activation as Keras writes it under `key` of `owner`'s configuration: a name,
    /// `null` (linear), or a serialized `LeakyReLU` layer (its `negative_slope`; default 0.3, as
    /// the layer's; its `name`, `trainable` and `dtype` are accepted).
    /// - Throws: `DLError.invalidArgument` naming `owner` and `key` for an unknown activation.
    public init(kerasConfig value: LayerConfig, owner: String, key: String) throws {
        if value.isNull { self = .linear; return }
        if let name = value.stringValue {
            guard let activation = Activation(kerasName: name) else {
                throw DLError.invalidArgument(context: "\(owner).fromConfig",
                                              message: "key '\(key)' names an unknown activation. Received: \(key)=\(value.json)")
            }
            self = activation
            return
        }
        let object = try SerializedObject(value, owner: owner, key: key, allowedExtras: ["build_config"])
        guard object.className == "LeakyReLU" else {
            throw DLError.invalidArgument(context: "\(owner).fromConfig",
                                          message: "key '\(key)' must be an activation name or a LeakyReLU layer. Received: \(key)=\(value.json)")
        }
        var reader = try object.reader(owner: owner, key: key)
        _ = try reader.layerBase()
        self = .leakyRelu(try reader.float("negative_slope", default: 0.3))
        try reader.finish()
    }
}

extension ConfigReader {
    /// The activation under `key` (see `Activation.init(kerasConfig:owner:key:)`), or `defaultValue` when absent.
    public mutating func activation(_ key: String, default defaultValue: Activation) throws -> Activation {
        guard let raw = value(key) else { return defaultValue }
        return try Activation(kerasConfig: raw, owner: owner, key: key)
    }
}
