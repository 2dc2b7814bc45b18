/// A JSON value: the configuration of a layer, initializer, optimizer, loss or metric as Keras
/// writes it in a model's `config.json` (Keras `get_config()`).
///
/// Integers and floating-point numbers stay apart (`.int(8)` is not `.double(8)`), as in the JSON
/// Keras writes (`"units": 8`, `"rate": 0.5`); object key order carries no meaning. `json` writes
/// the value as compact JSON with sorted keys, `init(json:)` reads any JSON text (Python's `NaN`
/// and `Infinity` included, which `json.dumps` writes by default).
public indirect enum LayerConfig: Equatable, Sendable {
    /// A JSON object.
    case object([String: LayerConfig])
    /// A JSON array.
    case array([LayerConfig])
    /// A JSON string.
    case string(String)
    /// A JSON number written without a fraction or exponent.
    case int(Int)
    /// A JSON number with a fraction or exponent.
    case double(Double)
    /// `true` or `false`.
    case bool(Bool)
    /// `null` (Python's `None`).
    case null
}

// MARK: - Reading values

extension LayerConfig {
    /// The value under `key` when this is an object holding it, else nil.
    public subscript(key: String) -> LayerConfig? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The members of an object, else nil.
    public var objectValue: [String: LayerConfig]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The elements of an array, else nil.
    public var arrayValue: [LayerConfig]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The text of a string, else nil.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// An integer, or a floating-point number with no fraction (Keras sometimes writes `2.0` for a count), else nil.
    public var intValue: Int? {
        switch self {
        case .int(let value): return value
        case .double(let value) where value.rounded() == value && Swift.abs(value) < 9.0e15: return Int(value)
        default: return nil
        }
    }

    /// A number (an integer is converted), else nil.
    public var doubleValue: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }

    /// A Boolean, else nil.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// Whether this is `null`.
    public var isNull: Bool { self == .null }

    /// A short name of the value's JSON kind (`"an integer"`, `"a string"`, ...), for error messages.
    public var kindDescription: String {
        switch self {
        case .object: return "an object"
        case .array: return "a list"
        case .string: return "a string"
        case .int: return "an integer"
        case .double: return "a number"
        case .bool: return "a boolean"
        case .null: return "null"
        }
    }

    /// A float as a JSON number, written as the shortest decimal that reads back to the same
    /// `Float` (so `0.3` is stored as `0.3`, not `0.30000001192092896`).
    public static func float(_ value: Float) -> LayerConfig {
        .double(Double(value.description) ?? Double(value))
    }

    /// A list of integers.
    public static func ints(_ values: [Int]) -> LayerConfig { .array(values.map { .int($0) }) }
}

// MARK: - Literals (for tests and hand-written configurations)

extension LayerConfig: ExpressibleByDictionaryLiteral {
    /// An object from `["units": 8, ...]`.
    public init(dictionaryLiteral elements: (String, LayerConfig)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { $1 }))
    }
}

extension LayerConfig: ExpressibleByArrayLiteral {
    /// An array from `[1, 2]`.
    public init(arrayLiteral elements: LayerConfig...) { self = .array(elements) }
}

extension LayerConfig: ExpressibleByStringLiteral {
    /// A string from `"relu"`.
    public init(stringLiteral value: String) { self = .string(value) }
}

extension LayerConfig: ExpressibleByIntegerLiteral {
    /// An integer from `8`.
    public init(integerLiteral value: Int) { self = .int(value) }
}

extension LayerConfig: ExpressibleByFloatLiteral {
    /// A number from `0.5`.
    public init(floatLiteral value: Double) { self = .double(value) }
}

extension LayerConfig: ExpressibleByBooleanLiteral {
    /// A Boolean from `true`.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension LayerConfig: ExpressibleByNilLiteral {
    /// `null` from `nil`.
    public init(nilLiteral: ()) { self = .null }
}

extension LayerConfig: CustomStringConvertible {
    /// The value as compact JSON.
    public var description: String { json }
}
