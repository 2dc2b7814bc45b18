/// The settings every optimizer shares (Keras's `BaseOptimizer` arguments): its name, gradient
/// clipping and decoupled weight decay. Each optimizer's initializers take them as
/// `clipNorm:`, `clipValue:`, `globalClipNorm:` and `weightDecay:` and hand them on as one value.
public struct OptimizerOptions: Equatable, Sendable {
    /// The optimizer's name, or nil for Keras's default (the class name in snake case: `"adam"`, `"rm_sprop"`).
    public var name: String?
    /// Clips each variable's gradient to this L2 norm (Keras `clipnorm`).
    public var clipNorm: Float?
    /// Clips each gradient element to `[-clipValue, clipValue]` (Keras `clipvalue`).
    public var clipValue: Float?
    /// Scales all gradients together so that their joint L2 norm is at most this (Keras `global_clipnorm`).
    public var globalClipNorm: Float?
    /// Decoupled weight decay: before each update, w −= learningRate · weightDecay · w (Keras
    /// `weight_decay`); nil for the optimizer's default (none, or 0.004 for `AdamW`).
    public var weightDecay: Float?

    /// Options with every setting off by default.
    public init(name: String? = nil, clipNorm: Float? = nil, clipValue: Float? = nil, globalClipNorm: Float? = nil,
                weightDecay: Float? = nil) {
        self.name = name
        self.clipNorm = clipNorm
        self.clipValue = clipValue
        self.globalClipNorm = globalClipNorm
        self.weightDecay = weightDecay
    }
}

/// An optimizer's learning rate as given: a constant, or a schedule evaluated at each step
/// (Keras's `learning_rate`, a float or a `LearningRateSchedule`).
public enum LearningRate {
    /// The same rate at every step.
    case constant(Float)
    /// The schedule's value at the optimizer's step count.
    case schedule(LearningRateSchedule)
}
