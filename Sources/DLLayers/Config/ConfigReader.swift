/// Reads a Keras configuration key by key for a `fromConfig`, and rejects what it does not know.
///
/// Every read names the key; a key of the wrong JSON kind throws a `DLError` naming the owner
/// (`Dense`, `Adam`, ...), the key and what was received. `finish()` then throws for any key that
/// was neither read nor ignored, so a misspelt or unsupported setting is never silently dropped.
///
/// The one rule for keys that some Keras version writes but that carry no meaning here (Keras 2's
/// `batch_input_shape`, constraints left `null`, ...): a type reads them when they mean something
/// here, and otherwise lists them in `ignore(_:)`, where they are accepted whatever their value
/// (or, with `ignoreIfNull(_:)`, only while they hold `null`, so that a real constraint is refused).
public struct ConfigReader {
    /// The type whose configuration this is (`"Dense"`), used in error messages.
    public let owner: String
    /// The configuration's members.
    public let members: [String: LayerConfig]
    private var consumed: Set<String> = []

    /// A reader of `config`, which must be a JSON object.
    /// - Throws: `DLError.invalidArgument` when `config` is not an object.
    public init(_ config: LayerConfig, owner: String) throws {
        guard let members = config.objectValue else {
            throw DLError.invalidArgument(context: "\(owner).fromConfig",
                                          message: "the configuration must be a JSON object. Received: \(config.kindDescription) \(config.json)")
        }
        self.owner = owner
        self.members = members
    }

    /// Whether the configuration has `key` (read or not).
    public func contains(_ key: String) -> Bool { members[key] != nil }

    /// The raw value of `key` (nil when absent), marked as read.
    public mutating func value(_ key: String) -> LayerConfig? {
        consumed.insert(key)
        return members[key]
    }

    /// A `DLError` for `key` holding `value` where `expected` was needed.
    public func typeError(_ key: String, _ value: LayerConfig, expected: String) -> DLError {
        .invalidArgument(context: "\(owner).fromConfig",
                         message: "key '\(key)' must be \(expected). Received: \(key)=\(value.json)")
    }

    /// A `DLError` for a setting of `key` that is well-typed but not acceptable.
    public func valueError(_ key: String, _ message: String) -> DLError {
        .invalidArgument(context: "\(owner).fromConfig", message: "key '\(key)': \(message)")
    }

    private mutating func required(_ key: String) throws -> LayerConfig {
        guard let value = value(key) else {
            throw DLError.invalidArgument(context: "\(owner).fromConfig", message: "the required key '\(key)' is missing")
        }
        return value
    }

    /// The value under `key` converted by `extract`, which returns nil for a value of the wrong kind.
    private mutating func read<T>(_ key: String, _ expected: String, _ extract: (LayerConfig) -> T?) throws -> T {
        let raw = try required(key)
        guard let value = extract(raw) else { throw typeError(key, raw, expected: expected) }
        return value
    }

    /// Like `read`, but `defaultValue` when the key is absent.
    private mutating func read<T>(_ key: String, _ expected: String, default defaultValue: T,
                                  _ extract: (LayerConfig) -> T?) throws -> T {
        guard contains(key) else { consumed.insert(key); return defaultValue }
        return try read(key, expected, extract)
    }

    /// Like `read`, but nil when the key is absent or `null`.
    private mutating func readOptional<T>(_ key: String, _ expected: String, _ extract: (LayerConfig) -> T?) throws -> T? {
        guard let raw = value(key), !raw.isNull else { return nil }
        return try read(key, expected + " or null", extract)
    }

    /// The integer under `key`; it must be present.
    public mutating func int(_ key: String) throws -> Int { try read(key, "an integer") { $0.intValue } }

    /// The integer under `key`, or `defaultValue` when absent.
    public mutating func int(_ key: String, default defaultValue: Int) throws -> Int {
        try read(key, "an integer", default: defaultValue) { $0.intValue }
    }

    /// The integer under `key`, or nil when absent or `null`.
    public mutating func optionalInt(_ key: String) throws -> Int? { try readOptional(key, "an integer") { $0.intValue } }

    /// The number under `key` as a `Float`; it must be present.
    public mutating func float(_ key: String) throws -> Float { try read(key, "a number") { $0.doubleValue.map(Float.init) } }

    /// The number under `key`, or `defaultValue` when absent.
    public mutating func float(_ key: String, default defaultValue: Float) throws -> Float {
        try read(key, "a number", default: defaultValue) { $0.doubleValue.map(Float.init) }
    }

    /// The number under `key`, or nil when absent or `null`.
    public mutating func optionalFloat(_ key: String) throws -> Float? {
        try readOptional(key, "a number") { $0.doubleValue.map(Float.init) }
    }

    /// The Boolean under `key`, or `defaultValue` when absent.
    public mutating func bool(_ key: String, default defaultValue: Bool) throws -> Bool {
        try read(key, "true or false", default: defaultValue) { $0.boolValue }
    }

    /// The string under `key`; it must be present.
    public mutating func string(_ key: String) throws -> String { try read(key, "a string") { $0.stringValue } }

    /// The string under `key`, or `defaultValue` when absent.
    public mutating func string(_ key: String, default defaultValue: String) throws -> String {
        try read(key, "a string", default: defaultValue) { $0.stringValue }
    }

    /// The string under `key`, or nil when absent or `null`.
    public mutating func optionalString(_ key: String) throws -> String? { try readOptional(key, "a string") { $0.stringValue } }

    /// A list of `count` integers under `key` (a single integer is repeated, as Keras accepts
    /// `kernel_size: 3` for `(3, 3)`), or `defaultValue` when absent.
    public mutating func ints(_ key: String, count: Int, default defaultValue: [Int]? = nil) throws -> [Int] {
        guard let raw = value(key), !(raw.isNull && defaultValue != nil) else {
            if let defaultValue { return defaultValue }
            throw DLError.invalidArgument(context: "\(owner).fromConfig", message: "the required key '\(key)' is missing")
        }
        if let single = raw.intValue { return Array(repeating: single, count: count) }
        guard let elements = raw.arrayValue, elements.count == count else {
            throw typeError(key, raw, expected: count == 1 ? "an integer" : "a list of \(count) integers")
        }
        return try elements.map { element in
            guard let value = element.intValue else { throw typeError(key, raw, expected: "a list of \(count) integers") }
            return value
        }
    }

    /// A list of integers of any length under `key` (`null` entries, Keras's unknown sizes, are refused).
    public mutating func intList(_ key: String) throws -> [Int] {
        let raw = try required(key)
        guard let elements = raw.arrayValue else { throw typeError(key, raw, expected: "a list of integers") }
        return try elements.map { element in
            guard let value = element.intValue else { throw typeError(key, raw, expected: "a list of integers") }
            return value
        }
    }

    /// Accepts `keys` whatever they hold: keys some Keras version writes that mean nothing here.
    public mutating func ignore(_ keys: [String]) { consumed.formUnion(keys) }

    /// Accepts `keys` while they are absent or `null`; any other value is refused as unsupported
    /// (a kernel constraint, say, which this framework does not apply).
    public mutating func ignoreIfNull(_ keys: [String]) throws {
        for key in keys {
            guard let raw = value(key) else { continue }
            guard raw.isNull else { throw valueError(key, "is not supported here and must be null. Received: \(key)=\(raw.json)") }
        }
    }

    /// Throws for the first key (in sorted order) that was neither read nor ignored.
    public func finish() throws {
        if let unknown = members.keys.sorted().first(where: { !consumed.contains($0) }) {
            throw DLError.invalidArgument(context: "\(owner).fromConfig",
                                          message: "unknown configuration key '\(unknown)'. Received: \(unknown)=\(members[unknown]!.json)")
        }
    }
}
