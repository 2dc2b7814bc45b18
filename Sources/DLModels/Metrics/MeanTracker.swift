/// A weighted running mean of scalars (Keras `metrics.Mean`), used by the training loop for the
/// loss: `update(batchLoss, weight: Float(batchSize))` per batch, `result()` for the log.
public final class MeanTracker {
    /// The log key (`"loss"` by default).
    public let name: String
    private var mean = RunningMean()

    /// A tracker logged under `name`.
    public init(name: String = "loss") { self.name = name }

    /// Adds `value` with weight `weight` (a batch's mean loss weighted by its size).
    public func update(_ value: Float, weight: Float = 1) {
        mean.add(Double(value) * Double(weight), count: Double(weight))
    }

    /// The weighted mean so far (0 before any update).
    public func result() -> Float { mean.value }

    /// The total weight seen so far.
    public var count: Double { mean.count }

    /// Forgets everything accumulated.
    public func reset() { mean.reset() }
}
