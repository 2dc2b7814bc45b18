/// How often the predicted class (argmax) equals the class-id label (Keras
/// `SparseCategoricalAccuracy`), averaged over the samples seen since `reset()`.
///
/// Shapes: yPred `[batch, ..., classes]`, yTrue `[batch, ...]` or `[batch, ..., 1]`.
public final class SparseCategoricalAccuracy: Metric {
    /// The log key, `"sparse_categorical_accuracy"` by default.
    public let name: String
    private var mean = RunningMean()

    /// A sparse categorical accuracy.
    public init(name: String = "sparse_categorical_accuracy") { self.name = name }

    /// Forgets everything accumulated.
    public func reset() { mean.reset() }

    /// Accumulates one batch.
    public func update(yTrue: Tensor, yPred: Tensor) {
        let (hits, count) = MetricCounting.sparseCategorical(yTrue, yPred, metric: name)
        mean.add(hits, count: count)
    }

    /// The fraction of rows classified correctly so far.
    public func result() -> Float { mean.value }
}

extension Metric where Self == SparseCategoricalAccuracy {
    /// Sparse categorical accuracy for class-id labels (Keras `"sparse_categorical_accuracy"`); a new instance each time.
    public static var sparseCategoricalAccuracy: SparseCategoricalAccuracy { SparseCategoricalAccuracy() }
}

extension SparseCategoricalAccuracy {
    /// Keras's `from_config` of `SparseCategoricalAccuracy`'s `{"name": "sparse_categorical_accuracy", "dtype": "float32"}`.
    /// - Throws: `DLError.invalidArgument` for an unknown or ill-typed key, or another dtype.
    public static func fromConfig(_ config: LayerConfig) throws -> SparseCategoricalAccuracy {
        try readingMetric(config, owner: "SparseCategoricalAccuracy", defaultName: "sparse_categorical_accuracy") { _, name in SparseCategoricalAccuracy(name: name) }
    }
}
