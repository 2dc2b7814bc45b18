/// How often `yPred > threshold` agrees with a 0/1 label (Keras `BinaryAccuracy`), averaged
/// over every element seen since `reset()`.
///
/// Shapes: yTrue and yPred of the same size (`[batch]` and `[batch, 1]` compare element-wise).
public final class BinaryAccuracy: Metric {
    /// The log key, `"binary_accuracy"` by default.
    public let name: String
    /// Predictions above it count as 1.
    public let threshold: Float
    private var mean = RunningMean()

    /// A binary accuracy with threshold 0.5 by default.
    public init(threshold: Float = 0.5, name: String = "binary_accuracy") {
        self.threshold = threshold
        self.name = name
    }

    /// Forgets everything accumulated.
    public func reset() { mean.reset() }

    /// Accumulates one batch.
    public func update(yTrue: Tensor, yPred: Tensor) {
        let (hits, count) = MetricCounting.elementwise(yTrue, yPred, metric: name) { [threshold] label, prediction in
            label == (prediction > threshold ? 1 : 0)
        }
        mean.add(hits, count: count)
    }

    /// The fraction of matching elements so far.
    public func result() -> Float { mean.value }
}

extension Metric where Self == BinaryAccuracy {
    /// Binary accuracy at threshold 0.5 (Keras `"binary_accuracy"`); a new instance each time.
    public static var binaryAccuracy: BinaryAccuracy { BinaryAccuracy() }
}

extension BinaryAccuracy {
    /// Keras's `get_config()`: `name`, `dtype`, `threshold`.
    public func getConfig() -> LayerConfig { ["name": .string(name), "dtype": "float32", "threshold": .float(threshold)] }

    /// Keras's `from_config`.
    /// - Throws: `DLError.invalidArgument` for an unknown or ill-typed key, or another dtype.
    public static func fromConfig(_ config: LayerConfig) throws -> BinaryAccuracy {
        try readingMetric(config, owner: "BinaryAccuracy", defaultName: "binary_accuracy") { reader, name in
            BinaryAccuracy(threshold: try reader.float("threshold", default: 0.5), name: name)
        }
    }
}
