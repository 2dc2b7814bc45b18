/// A running mean of scalars (Keras `keras.metrics.Mean`) for the logs of a custom `trainStep`:
/// `update(_:)` each batch, `result` for the log. List it in the model's `trackers` override and
/// `fit` and `evaluate` reset it at the start of each epoch, as Keras resets `model.metrics`.
///
///     let klTracker = MeanMetric(name: "kl_loss")
///     klTracker.update(kl.scalar)
///     return ["kl_loss": klTracker.result]
public final class MeanMetric {
    /// The log key (`"kl_loss"`, `"reconstruction_loss"`, ...).
    public let name: String
    private var mean = RunningMean()

    /// A mean logged under `name`.
    public init(name: String) { self.name = name }

    /// Adds `value` with weight `weight` (1 by default; a batch's mean weighted by its size).
    public func update(_ value: Float, weight: Float = 1) {
        mean.add(Double(value) * Double(weight), count: Double(weight))
    }

    /// The weighted mean so far (0 before any update).
    public var result: Float { mean.value }

    /// Forgets everything accumulated.
    public func reset() { mean.reset() }
}
