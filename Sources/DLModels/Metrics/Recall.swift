/// Recall of binary predictions (Keras `Recall`): TP / (TP + FN) over every element seen
/// since `reset()`, with predictions positive above `threshold` and labels positive when non-zero.
/// 0 when there were no positive labels.
public final class Recall: Metric {
    /// The log key, `"recall"` by default.
    public let name: String
    /// Predictions above it are positive.
    public let threshold: Float
    private var counts = ConfusionCounts()

    /// Recall at threshold 0.5 by default.
    public init(threshold: Float = 0.5, name: String = "recall") {
        self.threshold = threshold
        self.name = name
    }

    /// Forgets everything accumulated.
    public func reset() { counts = ConfusionCounts() }

    /// Accumulates one batch (labels and predictions of the same size).
    public func update(yTrue: Tensor, yPred: Tensor) { counts.add(yTrue, yPred, threshold: threshold, metric: name) }

    /// TP / (TP + FN) so far.
    public func result() -> Float {
        ConfusionCounts.ratio(counts.truePositives, counts.truePositives + counts.falseNegatives)
    }
}

extension Metric where Self == Recall {
    /// Binary recall at threshold 0.5 (Keras `"recall"`); a new instance each time.
    public static var recall: Recall { Recall() }
}

extension Recall {
    /// Keras's `get_config()`: `name`, `dtype`, `thresholds` (null for Keras's default 0.5),
    /// `top_k` and `class_id` (null).
    public func getConfig() -> LayerConfig { thresholdMetricConfig(name: name, threshold: threshold) }

    /// Keras's `from_config`: one threshold (a number, a list of one, or null for 0.5); `top_k`
    /// and `class_id` must be null.
    /// - Throws: `DLError.invalidArgument` for an unknown, ill-typed or unsupported key.
    public static func fromConfig(_ config: LayerConfig) throws -> Recall {
        try readingThresholdMetric(config, owner: "Recall", defaultName: "recall", Recall.init)
    }
}
