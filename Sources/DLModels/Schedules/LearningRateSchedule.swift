/// A learning rate that changes with the optimizer's step count (Keras `LearningRateSchedule`).
/// Pass one to an optimizer in place of a number: `Adam(learningRate: ExponentialDecay(...))`.
public protocol LearningRateSchedule {
    /// The learning rate for step `step` (the optimizer's `iterations`, 0 for the first step).
    func callAsFunction(_ step: Int) -> Float
}
