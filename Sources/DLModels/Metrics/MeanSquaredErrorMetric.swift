/// Mean squared error as a metric (Keras metric `MeanSquaredError`), averaged over every element
/// seen since `reset()`.
///
/// Shapes: yTrue and yPred of the same size (`[batch]` and `[batch, 1]` compare element-wise).
public final class MeanSquaredErrorMetric: Metric {
    /// The log key, `"mean_squared_error"` by default.
    public let name: String
    private var mean = RunningMean()

    /// A mean-squared-error metric.
    public init(name: String = "mean_squared_error") { self.name = name }

    /// Forgets everything accumulated.
    public func reset() { mean.reset() }

    /// Accumulates one batch.
    public func update(yTrue: Tensor, yPred: Tensor) {
        mean.add(errorSum(yTrue, yPred, metric: name) { $0 * $0 }, count: Double(yPred.scalarCount))
    }

    /// The mean squared error so far.
    public func result() -> Float { mean.value }
}

/// Σ f(prediction − label) over labels and predictions of the same size, in Double.
func errorSum(_ yTrue: Tensor, _ yPred: Tensor, metric: String, _ f: (Double) -> Double) -> Double {
    check(yTrue.scalarCount == yPred.scalarCount,
          "metric '\(metric)': labels of shape \(yTrue.shape) do not match predictions of shape \(yPred.shape)")
    var total: Double = 0
    yTrue.withUnsafeBufferPointer { t in
        yPred.withUnsafeBufferPointer { p in
            for i in 0..<t.count { total += f(Double(p[i]) - Double(t[i])) }
        }
    }
    return total
}

extension Metric where Self == MeanSquaredErrorMetric {
    /// Mean squared error (Keras metric `"mean_squared_error"`); a new instance each time.
    public static var meanSquaredError: MeanSquaredErrorMetric { MeanSquaredErrorMetric() }
}

extension MeanSquaredErrorMetric {
    /// Keras's `from_config` of `MeanSquaredError`'s `{"name": "mean_squared_error", "dtype": "float32"}`.
    /// - Throws: `DLError.invalidArgument` for an unknown or ill-typed key, or another dtype.
    public static func fromConfig(_ config: LayerConfig) throws -> MeanSquaredErrorMetric {
        try readingMetric(config, owner: "MeanSquaredError", defaultName: "mean_squared_error") { _, name in MeanSquaredErrorMetric(name: name) }
    }
}
