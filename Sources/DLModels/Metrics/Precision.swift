/// Precision of binary predictions (Keras `Precision`): TP / (TP + FP) over every element seen
/// since `reset()`, with predictions positive above `threshold` and labels positive when non-zero.
/// 0 when nothing was predicted positive.
public final class Precision: Metric {
    /// The log key, `"precision"` by default.
    public let name: String
    /// Predictions above it are positive.
    public let threshold: Float
    private var counts = ConfusionCounts()

    /// Precision at threshold 0.5 by default.
    public init(threshold: Float = 0.5, name: String = "precision") {
        self.threshold = threshold
        self.name = name
    }

    /// Forgets everything accumulated.
    public func reset() { counts = ConfusionCounts() }

    /// Accumulates one batch (labels and predictions of the same size).
    public func update(yTrue: Tensor, yPred: Tensor) { counts.add(yTrue, yPred, threshold: threshold, metric: name) }

    /// TP / (TP + FP) so far.
    public func result() -> Float {
        ConfusionCounts.ratio(counts.truePositives, counts.truePositives + counts.falsePositives)
    }
}

extension Metric where Self == Precision {
    /// Binary precision at threshold 0.5 (Keras `"precision"`); a new instance each time.
    public static var precision: Precision { Precision() }
}

extension Precision {
    /// Keras's `get_config()`: `name`, `dtype`, `thresholds` (null for Keras's default 0.5),
    /// `top_k` and `class_id` (null).
    public func getConfig() -> LayerConfig { thresholdMetricConfig(name: name, threshold: threshold) }

    /// Keras's `from_config`: one threshold (a number, a list of one, or null for 0.5); `top_k`
    /// and `class_id` must be null.
    /// - Throws: `DLError.invalidArgument` for an unknown, ill-typed or unsupported key.
    public static func fromConfig(_ config: LayerConfig) throws -> Precision {
        try readingThresholdMetric(config, owner: "Precision", defaultName: "precision", Precision.init)
    }
}
