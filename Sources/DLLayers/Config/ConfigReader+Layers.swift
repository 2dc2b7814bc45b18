// Keys several layers share, read and written once: a window's `padding` ("valid"/"same"),
// `data_format` (channels-last only) and the integer tuples Keras writes as lists.

extension LayerConfig {
    /// Keras's `data_format` value for the only layout this framework computes in.
    public static let channelsLast: LayerConfig = "channels_last"
}

extension ConfigReader {
    /// A window's `padding` under `key`: `"valid"` or `"same"` (default `.valid` when absent).
    /// - Throws: `DLError.invalidArgument` naming the key for any other value (Keras's `"causal"` included).
    public mutating func windowPadding(_ key: String = "padding") throws -> Padding {
        let text = try string(key, default: Padding.valid.rawValue)
        guard let padding = Padding(rawValue: text.lowercased()) else {
            throw valueError(key, "must be \"valid\" or \"same\". Received: \(key)=\"\(text)\"")
        }
        return padding
    }

    /// Accepts `data_format` when absent, `null` or `"channels_last"`.
    /// - Throws: `DLError.invalidArgument` for `"channels_first"` or anything else.
    public mutating func channelsLast(_ key: String = "data_format") throws {
        guard let format = try optionalString(key), format != "channels_last" else { return }
        throw valueError(key, "only \"channels_last\" is supported. Received: \(key)=\"\(format)\"")
    }

    /// Accepts an integer setting that must hold `required` when present (`groups: 1`,
    /// `dilation_rate: [1, 1]`), read as `count` integers.
    /// - Throws: `DLError.invalidArgument` for any other value: the setting is not supported here.
    public mutating func require(_ key: String, count: Int, toBe required: Int) throws {
        let values = try ints(key, count: count, default: Array(repeating: required, count: count))
        guard values.allSatisfy({ $0 == required }) else {
            throw valueError(key, "only \(required) is supported. Received: \(key)=\(members[key]?.json ?? "")")
        }
    }
}
