/// How often the predicted class (argmax) is the one-hot label's class (Keras
/// `CategoricalAccuracy`), averaged over the samples seen since `reset()`.
///
/// Shapes: yTrue and yPred `[batch, ..., classes]`.
public final class CategoricalAccuracy: Metric {
    /// The log key, `"categorical_accuracy"` by default.
    public let name: String
    private var mean = RunningMean()

    /// A categorical accuracy.
    public init(name: String = "categorical_accuracy") { self.name = name }

    /// Forgets everything accumulated.
    public func reset() { mean.reset() }

    /// Accumulates one batch.
    public func update(yTrue: Tensor, yPred: Tensor) {
        let (hits, count) = MetricCounting.categorical(yTrue, yPred, metric: name)
        mean.add(hits, count: count)
    }

    /// The fraction of rows classified correctly so far.
    public func result() -> Float { mean.value }
}

extension Metric where Self == CategoricalAccuracy {
    /// Categorical accuracy for one-hot labels (Keras `"categorical_accuracy"`); a new instance each time.
    public static var categoricalAccuracy: CategoricalAccuracy { CategoricalAccuracy() }
}

extension CategoricalAccuracy {
    /// Keras's `from_config` of `CategoricalAccuracy`'s `{"name": "categorical_accuracy", "dtype": "float32"}`.
    /// - Throws: `DLError.invalidArgument` for an unknown or ill-typed key, or another dtype.
    public static func fromConfig(_ config: LayerConfig) throws -> CategoricalAccuracy {
        try readingMetric(config, owner: "CategoricalAccuracy", defaultName: "categorical_accuracy") { _, name in CategoricalAccuracy(name: name) }
    }
}
