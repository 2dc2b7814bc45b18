/// F1 score of binary predictions: 2·TP / (2·TP + FP + FN), the harmonic mean of precision and
/// recall, over every element seen since `reset()` (0 when there is nothing to score).
///
/// Our choice, documented: this is the binary / micro-averaged F1 at `threshold` 0.5 (predictions
/// positive above it, labels positive when non-zero), so one number comes out as for the other
/// metrics. Keras 3's `F1Score()` defaults to one score per class with argmax thresholding; for
/// one-hot multi-class data, micro-averaging at 0.5 gives the value (up to its 1e-7 epsilon) of Keras's
/// `F1Score(average="micro", threshold=0.5)`.
public final class F1Score: Metric {
    /// The log key, `"f1_score"` by default.
    public let name: String
    /// Predictions above it are positive.
    public let threshold: Float
    private var counts = ConfusionCounts()

    /// F1 at threshold 0.5 by default.
    public init(threshold: Float = 0.5, name: String = "f1_score") {
        self.threshold = threshold
        self.name = name
    }

    /// Forgets everything accumulated.
    public func reset() { counts = ConfusionCounts() }

    /// Accumulates one batch (labels and predictions of the same size).
    public func update(yTrue: Tensor, yPred: Tensor) { counts.add(yTrue, yPred, threshold: threshold, metric: name) }

    /// 2·TP / (2·TP + FP + FN) so far.
    public func result() -> Float {
        let tp = counts.truePositives
        return ConfusionCounts.ratio(2 * tp, 2 * tp + counts.falsePositives + counts.falseNegatives)
    }
}

extension Metric where Self == F1Score {
    /// Binary (micro) F1 score at threshold 0.5 (key `"f1_score"`); a new instance each time.
    public static var f1Score: F1Score { F1Score() }
}

extension F1Score {
    /// Keras's `get_config()`: `name`, `dtype`, `average` (`"micro"`, the one computed here) and `threshold`.
    public func getConfig() -> LayerConfig {
        ["name": .string(name), "dtype": "float32", "average": "micro", "threshold": .float(threshold)]
    }

    /// Keras's `from_config`: `average` must be `"micro"` and `threshold` a number (Keras's
    /// defaults, one score per class with argmax thresholding, are not computed here).
    /// - Throws: `DLError.invalidArgument` for an unknown, ill-typed or unsupported key.
    public static func fromConfig(_ config: LayerConfig) throws -> F1Score {
        try readingMetric(config, owner: "F1Score", defaultName: "f1_score") { reader, name in
            let average = try reader.optionalString("average")
            guard average == "micro" else {
                throw reader.valueError("average", "only \"micro\" averaging is supported here. Received: average=\(average.map { "\"\($0)\"" } ?? "null")")
            }
            guard let threshold = try reader.optionalFloat("threshold") else {
                throw reader.valueError("threshold", "argmax thresholding is not supported here; give a number. Received: threshold=null")
            }
            return F1Score(threshold: threshold, name: name)
        }
    }
}
