#if canImport(Glibc)
import Glibc
#endif

/// Keras `ExponentialDecay`: lr = initialLearningRate · decayRate^(step / decaySteps), with the
/// exponent floored when `staircase` is true.
public struct ExponentialDecay: LearningRateSchedule {
    /// The rate at step 0.
    public let initialLearningRate: Float
    /// The number of steps over which the rate is multiplied by `decayRate` once.
    public let decaySteps: Int
    /// The factor applied every `decaySteps` steps.
    public let decayRate: Float
    /// Whether the rate drops in steps (integer exponent) rather than smoothly.
    public let staircase: Bool
    /// Keras's name, `"ExponentialDecay"` by default.
    public let name: String

    /// An exponentially decaying schedule.
    /// - Precondition: `decaySteps > 0`.
    public init(initialLearningRate: Float, decaySteps: Int, decayRate: Float, staircase: Bool = false,
                name: String = "ExponentialDecay") {
        check(decaySteps > 0, "ExponentialDecay: decaySteps must be positive. Received: decaySteps=\(decaySteps)")
        self.initialLearningRate = initialLearningRate
        self.decaySteps = decaySteps
        self.decayRate = decayRate
        self.staircase = staircase
        self.name = name
    }

    /// The decayed rate at `step`.
    public func callAsFunction(_ step: Int) -> Float {
        var exponent = Float(step) / Float(decaySteps)
        if staircase { exponent = exponent.rounded(.down) }
        return initialLearningRate * powf(decayRate, exponent)
    }
}

extension ExponentialDecay {
    /// Keras's `get_config()`: `initial_learning_rate`, `decay_steps`, `decay_rate`, `staircase`, `name`.
    public func getConfig() -> LayerConfig {
        ["initial_learning_rate": .float(initialLearningRate), "decay_steps": .int(decaySteps),
         "decay_rate": .float(decayRate), "staircase": .bool(staircase), "name": .string(name)]
    }

    /// Keras's `from_config`.
    /// - Throws: `DLError.invalidArgument` for an unknown or ill-typed key, or `decay_steps` ≤ 0.
    public static func fromConfig(_ config: LayerConfig) throws -> ExponentialDecay {
        var reader = try ConfigReader(config, owner: "ExponentialDecay")
        let schedule = ExponentialDecay(initialLearningRate: try reader.float("initial_learning_rate"),
                                        decaySteps: try reader.positiveInt("decay_steps"), decayRate: try reader.float("decay_rate"),
                                        staircase: try reader.bool("staircase", default: false),
                                        name: try reader.string("name", default: "ExponentialDecay"))
        try reader.finish()
        return schedule
    }
}
