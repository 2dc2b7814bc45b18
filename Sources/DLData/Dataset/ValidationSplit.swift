/// Keras's `validation_split` rule: the last fraction of the samples, taken before shuffling,
/// is held out for validation.
public enum ValidationSplit {
    /// The number of training samples, the first ones, when `fraction` of `samples` is held out:
    /// `samples − ⌊samples · fraction⌋`. `nil` when that leaves no training or no validation sample.
    public static func trainingCount(samples: Int, fraction: Float) -> Int? {
        let splitAt = samples - Int(Float(samples) * fraction)
        return splitAt > 0 && splitAt < samples ? splitAt : nil
    }
}
