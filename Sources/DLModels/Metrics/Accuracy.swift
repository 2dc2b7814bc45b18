/// Keras's `"accuracy"`: the kind of accuracy that fits the loss and the data, always logged
/// under the key `"accuracy"`.
///
/// `compile` resolves it with `resolved(for:)`: binary cross-entropy gives binary accuracy
/// (threshold 0.5), sparse categorical cross-entropy gives sparse categorical accuracy,
/// categorical cross-entropy and KL divergence give categorical accuracy. For other losses
/// (MSE, hinge, custom, ...) the kind is chosen from the first batch's shapes, as Keras 3's
/// `compile` does: predictions with last dimension 1 → binary; labels of lower rank, or ending
/// in 1 against several classes → sparse categorical; otherwise categorical.
/// `Accuracy(kind: .equality)` is Keras's plain `keras.metrics.Accuracy` (exact equality).
public final class Accuracy: Metric {
    /// How predictions are compared with labels.
    public enum Kind: Equatable {
        /// Chosen from the loss (`resolved(for:)`) or else from the first batch's shapes.
        case automatic
        /// Labels equal to predictions, element by element.
        case equality
        /// Labels equal to `prediction > threshold`.
        case binary(threshold: Float)
        /// argmax of one-hot labels equals argmax of predictions.
        case categorical
        /// Class-id labels equal argmax of predictions.
        case sparseCategorical
    }

    /// The log key, `"accuracy"`.
    public let name: String
    /// The comparison in use (`.automatic` until resolved or until the first batch).
    public private(set) var kind: Kind
    private var mean = RunningMean()

    /// An accuracy of the given kind (automatic by default).
    public init(kind: Kind = .automatic, name: String = "accuracy") {
        self.kind = kind
        self.name = name
    }

    /// Forgets everything accumulated (the kind is kept).
    public func reset() { mean.reset() }

    /// Accumulates one batch.
    public func update(yTrue: Tensor, yPred: Tensor) {
        if kind == .automatic { kind = Accuracy.kind(yTrueShape: yTrue.shape, yPredShape: yPred.shape) }
        let counts: (Double, Double)
        switch kind {
        case .automatic, .equality:
            counts = MetricCounting.elementwise(yTrue, yPred, metric: name) { $0 == $1 }
        case let .binary(threshold):
            counts = MetricCounting.elementwise(yTrue, yPred, metric: name) { $0 == ($1 > threshold ? 1 : 0) }
        case .categorical:
            counts = MetricCounting.categorical(yTrue, yPred, metric: name)
        case .sparseCategorical:
            counts = MetricCounting.sparseCategorical(yTrue, yPred, metric: name)
        }
        mean.add(counts.0, count: counts.1)
    }

    /// The accuracy so far.
    public func result() -> Float { mean.value }

    /// A new accuracy of the kind that fits `loss` (itself when its kind is not automatic).
    public func resolved(for loss: Loss) -> Metric {
        guard kind == .automatic else { return self }
        switch loss {
        case is BinaryCrossentropy: return Accuracy(kind: .binary(threshold: 0.5), name: name)
        case is SparseCategoricalCrossentropy: return Accuracy(kind: .sparseCategorical, name: name)
        case is CategoricalCrossentropy, is KLDivergence: return Accuracy(kind: .categorical, name: name)
        default: return Accuracy(kind: .automatic, name: name)
        }
    }

    /// Keras 3's choice from shapes (with the batch dimension).
    static func kind(yTrueShape: [Int], yPredShape: [Int]) -> Kind {
        let predLast = yPredShape.last ?? 1, trueLast = yTrueShape.last ?? 1
        if predLast == 1 || yPredShape.count <= 1 { return .binary(threshold: 0.5) }
        if yTrueShape.count < yPredShape.count || trueLast == 1 { return .sparseCategorical }
        return .categorical
    }
}

extension Metric where Self == Accuracy {
    /// Keras's `"accuracy"`, resolved from the loss by `compile`; a new instance each time.
    public static var accuracy: Accuracy { Accuracy() }
}

extension Accuracy {
    /// Keras's `from_config` of `keras.metrics.Accuracy` (`name`, `dtype`): an accuracy of kind
    /// `.equality`. (Keras's `"accuracy"` string, resolved from the loss, is `Metrics.deserialize("accuracy")`.)
    /// - Throws: `DLError.invalidArgument` for an unknown or ill-typed key, or another dtype.
    public static func fromConfig(_ config: LayerConfig) throws -> Accuracy {
        try readingMetric(config, owner: "Accuracy", defaultName: "accuracy") { _, name in Accuracy(kind: .equality, name: name) }
    }
}
