/// Mean absolute error as a metric (Keras metric `MeanAbsoluteError`), averaged over every
/// element seen since `reset()`.
///
/// Shapes: yTrue and yPred of the same size (`[batch]` and `[batch, 1]` compare element-wise).
public final class MeanAbsoluteErrorMetric: Metric {
    /// The log key, `"mean_absolute_error"` by default.
    public let name: String
    private var mean = RunningMean()

    /// A mean-absolute-error metric.
    public init(name: String = "mean_absolute_error") { self.name = name }

    /// Forgets everything accumulated.
    public func reset() { mean.reset() }

    /// Accumulates one batch.
    public func update(yTrue: Tensor, yPred: Tensor) {
        mean.add(errorSum(yTrue, yPred, metric: name) { Swift.abs($0) }, count: Double(yPred.scalarCount))
    }

    /// The mean absolute error so far.
    public func result() -> Float { mean.value }
}

extension Metric where Self == MeanAbsoluteErrorMetric {
    /// Mean absolute error (Keras metric `"mean_absolute_error"`); a new instance each time.
    public static var meanAbsoluteError: MeanAbsoluteErrorMetric { MeanAbsoluteErrorMetric() }
}

extension MeanAbsoluteErrorMetric {
    /// Keras's `from_config` of `MeanAbsoluteError`'s `{"name": "mean_absolute_error", "dtype": "float32"}`.
    /// - Throws: `DLError.invalidArgument` for an unknown or ill-typed key, or another dtype.
    public static func fromConfig(_ config: LayerConfig) throws -> MeanAbsoluteErrorMetric {
        try readingMetric(config, owner: "MeanAbsoluteError", defaultName: "mean_absolute_error") { _, name in MeanAbsoluteErrorMetric(name: name) }
    }
}
