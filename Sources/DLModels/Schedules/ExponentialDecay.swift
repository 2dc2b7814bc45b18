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

    /// An exponentially decaying schedule.
    /// - Precondition: `decaySteps > 0`.
    public init(initialLearningRate: Float, decaySteps: Int, decayRate: Float, staircase: Bool = false) {
        check(decaySteps > 0, "ExponentialDecay: decaySteps must be positive. Received: decaySteps=\(decaySteps)")
        self.initialLearningRate = initialLearningRate
        self.decaySteps = decaySteps
        self.decayRate = decayRate
        self.staircase = staircase
    }

    /// The decayed rate at `step`.
    public func callAsFunction(_ step: Int) -> Float {
        var exponent = Float(step) / Float(decaySteps)
        if staircase { exponent = exponent.rounded(.down) }
        return initialLearningRate * powf(decayRate, exponent)
    }
}
