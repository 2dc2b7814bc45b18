// Initializers in Keras's serialized form, both ways:
// `{"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null, ...}, "registered_name": null}`.

extension Initializer {
    /// Keras's class name (`GlorotUniform`, `RandomNormal`, ...).
    public var kerasClassName: String {
        switch self {
        case .glorotUniform: return "GlorotUniform"
        case .glorotNormal: return "GlorotNormal"
        case .heNormal: return "HeNormal"
        case .heUniform: return "HeUniform"
        case .lecunNormal: return "LecunNormal"
        case .lecunUniform: return "LecunUniform"
        case .zeros: return "Zeros"
        case .ones: return "Ones"
        case .constant: return "Constant"
        case .randomNormal: return "RandomNormal"
        case .randomUniform: return "RandomUniform"
        case .orthogonal: return "Orthogonal"
        }
    }

    /// The initializer as Keras 3.15 serializes it (its `config` holds the keys Keras writes, `seed: null`).
    public var kerasConfig: LayerConfig {
        let config: LayerConfig
        switch self {
        case .glorotUniform, .glorotNormal, .heNormal, .heUniform, .lecunNormal, .lecunUniform:
            config = ["seed": nil, "input_axes": nil, "output_axes": nil]
        case .zeros, .ones: config = [:]
        case .constant(let value): config = ["value": .float(value)]
        case let .randomNormal(mean, stddev): config = ["seed": nil, "mean": .float(mean), "stddev": .float(stddev)]
        case let .randomUniform(min, max): config = ["seed": nil, "minval": .float(min), "maxval": .float(max)]
        case .orthogonal: config = ["seed": nil, "gain": 1.0]
        }
        return .serialized(module: "keras.initializers", className: kerasClassName, config: config)
    }

    /// Keras's string names (`initializers.get("he_normal")`) and the class names they stand for.
    private static let shorthands: [String: String] = [
        "glorot_uniform": "GlorotUniform", "glorot_normal": "GlorotNormal", "he_normal": "HeNormal",
        "he_uniform": "HeUniform", "lecun_normal": "LecunNormal", "lecun_uniform": "LecunUniform",
        "zeros": "Zeros", "zero": "Zeros", "ones": "Ones", "one": "Ones", "random_normal": "RandomNormal",
        "normal": "RandomNormal", "random_uniform": "RandomUniform", "uniform": "RandomUniform",
        "orthogonal": "Orthogonal", "variance_scaling": "VarianceScaling",
    ]

    /// Reads an initializer as Keras writes it under `key` of `owner`'s configuration: a serialized
    /// object (Keras 3, or Keras 2 without `module`) or a name (`"glorot_uniform"`, `"GlorotUniform"`).
    /// A `seed` is accepted and not used (weights draw from DL's global generator); a
    /// `VarianceScaling` is read when it is one of the six named schemes (Glorot, He, LeCun).
    /// - Throws: `DLError.invalidArgument` naming `owner` and `key` for an unknown class or key.
    public init(kerasConfig value: LayerConfig, owner: String, key: String) throws {
        if let name = value.stringValue {
            let className = Self.shorthands[name] ?? name
            self = try Initializer(kerasConfig: ["class_name": .string(className)], owner: owner, key: key)
            return
        }
        let object = try SerializedObject(value, owner: owner, key: key, allowedExtras: ["shared_object_id"])   // shared by an RNN and its cell
        var reader = try object.reader(owner: owner, key: key)
        reader.ignore(["seed"])
        switch object.className {
        case "GlorotUniform": self = .glorotUniform
        case "GlorotNormal": self = .glorotNormal
        case "HeNormal": self = .heNormal
        case "HeUniform": self = .heUniform
        case "LecunNormal": self = .lecunNormal
        case "LecunUniform": self = .lecunUniform
        case "VarianceScaling": self = try Self.varianceScaling(&reader)
        case "Zeros": self = .zeros
        case "Ones": self = .ones
        case "Constant": self = .constant(try reader.float("value", default: 0))
        case "RandomNormal":
            self = .randomNormal(mean: try reader.float("mean", default: 0), stddev: try reader.float("stddev", default: 0.05))
        case "RandomUniform":
            self = .randomUniform(min: try reader.float("minval", default: -0.05), max: try reader.float("maxval", default: 0.05))
        case "Orthogonal":
            guard try reader.float("gain", default: 1) == 1 else {
                throw reader.valueError("gain", "only gain 1 is supported. Received: gain=\(reader.members["gain"]?.json ?? "")")
            }
            self = .orthogonal
        default:
            throw DLError.invalidArgument(context: "\(owner).fromConfig",
                                          message: "key '\(key)' names an unknown initializer '\(object.className)'. Received: \(key)=\(value.json)")
        }
        try reader.ignoreIfNull(["input_axes", "output_axes"])
        try reader.finish()
    }

    /// The Glorot, He or LeCun initializer a `VarianceScaling(scale, mode, distribution)` stands for.
    private static func varianceScaling(_ reader: inout ConfigReader) throws -> Initializer {
        let scale = try reader.float("scale", default: 1)
        let mode = try reader.string("mode", default: "fan_in")
        let distribution = try reader.string("distribution", default: "truncated_normal")
        let normal = distribution == "truncated_normal" || distribution == "normal"
        switch (scale, mode, normal ? "normal" : distribution) {
        case (1, "fan_avg", "uniform"): return .glorotUniform
        case (1, "fan_avg", "normal"): return .glorotNormal
        case (2, "fan_in", "normal"): return .heNormal
        case (2, "fan_in", "uniform"): return .heUniform
        case (1, "fan_in", "normal"): return .lecunNormal
        case (1, "fan_in", "uniform"): return .lecunUniform
        default:
            throw reader.valueError("scale", "only the Glorot, He and LeCun schemes are supported. "
                                    + "Received: scale=\(scale), mode=\(mode), distribution=\(distribution)")
        }
    }
}

extension ConfigReader {
    /// The initializer under `key` (see `Initializer.init(kerasConfig:owner:key:)`), or `defaultValue` when absent or `null`.
    public mutating func initializer(_ key: String, default defaultValue: Initializer) throws -> Initializer {
        guard let raw = value(key), !raw.isNull else { return defaultValue }
        return try Initializer(kerasConfig: raw, owner: owner, key: key)
    }
}
