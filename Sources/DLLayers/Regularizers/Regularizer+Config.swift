// Regularizers in Keras's serialized form, both ways:
// `{"module": "keras.regularizers", "class_name": "L2", "config": {"l2": 0.01}, "registered_name": null}`.

extension Regularizer {
    /// Keras's class name (`L1`, `L2`, `L1L2`).
    public var kerasClassName: String {
        switch self {
        case .l1: return "L1"
        case .l2: return "L2"
        case .l1l2: return "L1L2"
        }
    }

    /// The regularizer as Keras 3.15 serializes it: factors as their shortest decimal (`0.01`),
    /// except `L1`'s, which Keras keeps as a float32 tensor and so writes widened to a double
    /// (`L1(0.001)` is written `0.0010000000474974513`); both read back to the same `Float`.
    public var kerasConfig: LayerConfig {
        let config: LayerConfig
        switch self {
        case .l1(let factor): config = ["l1": .double(Double(factor))]
        case .l2(let factor): config = ["l2": .float(factor)]
        case let .l1l2(l1, l2): config = ["l1": .float(l1), "l2": .float(l2)]
        }
        return .serialized(module: "keras.regularizers", className: kerasClassName, config: config)
    }

    /// Reads a regularizer as Keras writes it under `key` of `owner`'s configuration: a serialized
    /// object (Keras 3, or Keras 2 without `module`) or a name Keras accepts (`"l1"`, `"l2"`, with
    /// factor 0.01, or a class name `"L1"`, `"L2"`, `"L1L2"`). Absent factors take Keras's defaults
    /// (0.01 for `L1`/`L2`, 0 for each of `L1L2`'s).
    /// - Throws: `DLError.invalidArgument` naming `owner` and `key` for an unknown class or key.
    public init(kerasConfig value: LayerConfig, owner: String, key: String) throws {
        if let name = value.stringValue {
            let className = ["l1": "L1", "l2": "L2"][name] ?? name
            self = try Regularizer(kerasConfig: ["class_name": .string(className)], owner: owner, key: key)
            return
        }
        let object = try SerializedObject(value, owner: owner, key: key, allowedExtras: ["shared_object_id"])   // shared by an RNN and its cell
        var reader = try object.reader(owner: owner, key: key)
        switch object.className {
        case "L1": self = .l1(try reader.float("l1", default: 0.01))
        case "L2": self = .l2(try reader.float("l2", default: 0.01))
        case "L1L2": self = .l1l2(l1: try reader.float("l1", default: 0), l2: try reader.float("l2", default: 0))
        default:
            throw DLError.invalidArgument(context: "\(owner).fromConfig",
                                          message: "key '\(key)' names an unknown regularizer '\(object.className)'. Received: \(key)=\(value.json)")
        }
        try reader.finish()
    }
}

extension LayerConfig {
    /// A regularizer's serialized form, or `null` for none.
    public static func regularizer(_ regularizer: Regularizer?) -> LayerConfig { regularizer?.kerasConfig ?? .null }
}

extension ConfigReader {
    /// The regularizer under `key` (see `Regularizer.init(kerasConfig:owner:key:)`), or nil when absent or `null`.
    public mutating func regularizer(_ key: String) throws -> Regularizer? {
        guard let raw = value(key), !raw.isNull else { return nil }
        return try Regularizer(kerasConfig: raw, owner: owner, key: key)
    }
}
