/// Keras `PiecewiseConstantDecay`: `values[0]` while step ≤ `boundaries[0]`, `values[i]` while
/// `boundaries[i-1]` < step ≤ `boundaries[i]`, and the last value after the last boundary.
public struct PiecewiseConstantDecay: LearningRateSchedule {
    /// Increasing step boundaries.
    public let boundaries: [Int]
    /// One more value than boundaries.
    public let values: [Float]
    /// Keras's name, `"PiecewiseConstant"` by default.
    public let name: String

    /// A piecewise constant schedule.
    /// - Precondition: `values.count == boundaries.count + 1` (as Keras requires).
    public init(boundaries: [Int], values: [Float], name: String = "PiecewiseConstant") {
        check(values.count == boundaries.count + 1,
              "PiecewiseConstantDecay: values must have one more element than boundaries. Received: \(boundaries.count) boundaries, \(values.count) values")
        self.boundaries = boundaries
        self.values = values
        self.name = name
    }

    /// The value for `step`.
    public func callAsFunction(_ step: Int) -> Float {
        for (index, boundary) in boundaries.enumerated() where step <= boundary { return values[index] }
        return values[values.count - 1]
    }
}

extension PiecewiseConstantDecay {
    /// Keras's `get_config()`: `boundaries`, `values`, `name`.
    public func getConfig() -> LayerConfig {
        ["boundaries": .ints(boundaries), "values": .array(values.map(LayerConfig.float)), "name": .string(name)]
    }

    /// Keras's `from_config`.
    /// - Throws: `DLError.invalidArgument` for an unknown or ill-typed key, or values that are not
    ///   one more than the boundaries.
    public static func fromConfig(_ config: LayerConfig) throws -> PiecewiseConstantDecay {
        var reader = try ConfigReader(config, owner: "PiecewiseConstantDecay")
        let boundaries = try reader.intList("boundaries")
        let raw = reader.value("values") ?? .null
        guard let values = raw.arrayValue?.compactMap(\.doubleValue).map(Float.init), values.count == raw.arrayValue?.count else {
            throw reader.typeError("values", raw, expected: "a list of numbers")
        }
        guard values.count == boundaries.count + 1 else {
            throw reader.valueError("values", "must have one more element than boundaries. Received: \(boundaries.count) boundaries, \(values.count) values")
        }
        let schedule = PiecewiseConstantDecay(boundaries: boundaries, values: values,
                                              name: try reader.string("name", default: "PiecewiseConstant"))
        try reader.finish()
        return schedule
    }
}
