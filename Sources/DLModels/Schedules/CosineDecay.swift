#if canImport(Glibc)
import Glibc
#endif

/// Keras `CosineDecay`: from `initialLearningRate` down to `alpha · initialLearningRate` along
/// half a cosine over `decaySteps`, then constant; with an optional linear warmup first.
///
/// Without warmup: lr = initial · ((1 − α) · ½(1 + cos(π · min(step, decaySteps) / decaySteps)) + α).
/// With `warmupTarget`, the rate rises linearly from `initialLearningRate` to `warmupTarget` over
/// `warmupSteps`, then decays from `warmupTarget` as above (counting steps after the warmup).
public struct CosineDecay: LearningRateSchedule {
    /// The rate at step 0.
    public let initialLearningRate: Float
    /// Steps over which the rate decays.
    public let decaySteps: Int
    /// The final rate as a fraction of the starting one.
    public let alpha: Float
    /// The rate reached at the end of the warmup, if there is one.
    public let warmupTarget: Float?
    /// The number of warmup steps.
    public let warmupSteps: Int
    /// Keras's name, `"CosineDecay"` by default.
    public let name: String

    /// A cosine-decay schedule.
    /// - Precondition: `decaySteps > 0`.
    public init(initialLearningRate: Float, decaySteps: Int, alpha: Float = 0,
                warmupTarget: Float? = nil, warmupSteps: Int = 0, name: String = "CosineDecay") {
        check(decaySteps > 0, "CosineDecay: decaySteps must be positive. Received: decaySteps=\(decaySteps)")
        self.initialLearningRate = initialLearningRate
        self.decaySteps = decaySteps
        self.alpha = alpha
        self.warmupTarget = warmupTarget
        self.warmupSteps = warmupSteps
        self.name = name
    }

    /// The rate at `step`.
    public func callAsFunction(_ step: Int) -> Float {
        guard let target = warmupTarget else { return decayed(from: initialLearningRate, step: step) }
        if step < warmupSteps {
            return initialLearningRate + (target - initialLearningRate) * Float(step) / Float(warmupSteps)
        }
        return decayed(from: target, step: step - warmupSteps)
    }

    private func decayed(from start: Float, step: Int) -> Float {
        let fraction = Float(Swift.min(step, decaySteps)) / Float(decaySteps)
        let cosine = 0.5 * (1 + cosf(Float.pi * fraction))
        return start * ((1 - alpha) * cosine + alpha)
    }
}

extension CosineDecay {
    /// Keras's `get_config()`: `initial_learning_rate`, `decay_steps`, `alpha`, `name`,
    /// `warmup_target` (null without warmup) and `warmup_steps`.
    public func getConfig() -> LayerConfig {
        ["initial_learning_rate": .float(initialLearningRate), "decay_steps": .int(decaySteps), "alpha": .float(alpha),
         "name": .string(name), "warmup_target": floatOrNull(warmupTarget), "warmup_steps": .int(warmupSteps)]
    }

    /// Keras's `from_config`.
    /// - Throws: `DLError.invalidArgument` for an unknown or ill-typed key, or `decay_steps` ≤ 0.
    public static func fromConfig(_ config: LayerConfig) throws -> CosineDecay {
        var reader = try ConfigReader(config, owner: "CosineDecay")
        let schedule = CosineDecay(initialLearningRate: try reader.float("initial_learning_rate"),
                                   decaySteps: try reader.positiveInt("decay_steps"), alpha: try reader.float("alpha", default: 0),
                                   warmupTarget: try reader.optionalFloat("warmup_target"),
                                   warmupSteps: try reader.int("warmup_steps", default: 0),
                                   name: try reader.string("name", default: "CosineDecay"))
        try reader.finish()
        return schedule
    }
}
