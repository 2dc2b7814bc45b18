/// Categorical cross-entropy (Keras `CategoricalCrossentropy`) for one-hot labels:
/// −Σ y·log p over the class (last) axis.
///
/// As Keras's backend does, probabilities are first rescaled to sum to 1, then clipped to
/// `[1e-7, 1 − 1e-7]`; with `fromLogits` the loss is −Σ y·logSoftmax(x), computed stably.
/// Shapes: yTrue and yPred `[batch, ..., classes]` → `[batch]`. For class ids use
/// `SparseCategoricalCrossentropy`.
public struct CategoricalCrossentropy: Loss {
    /// Keras's name, `"categorical_crossentropy"`.
    public let name = "categorical_crossentropy"
    /// Whether predictions are logits rather than probabilities.
    public let fromLogits: Bool
    /// Keras's label smoothing: labels become y·(1 − s) + s / classes.
    public let labelSmoothing: Float

    /// Categorical cross-entropy on probabilities (default) or logits.
    public init(fromLogits: Bool = false, labelSmoothing: Float = 0) {
        self.fromLogits = fromLogits
        self.labelSmoothing = labelSmoothing
    }

    /// Per-sample cross-entropy (averaged over any axes between batch and classes).
    public func perSampleLoss(yTrue: Tensor, yPred: Tensor) -> Tensor {
        var t = yTrue.detached
        if labelSmoothing > 0, let classes = yPred.shape.last {
            t = t * (1 - labelSmoothing) + labelSmoothing / Float(classes)
        }
        if fromLogits {
            return perSampleMean(-(t * logSoftmax(yPred, axis: -1)).sum(axis: -1))
        }
        let normalized = yPred / yPred.sum(axis: -1, keepDims: true)
        let clipped = clip(normalized, min: probabilityEpsilon, max: 1 - probabilityEpsilon)
        return perSampleMean(-(t * log(clipped)).sum(axis: -1))
    }

    /// Labels must be one-hot with the predictions' shape; class ids get a hint to the sparse loss.
    public func validate(yTrueShape: [Int], yPredShape: [Int]) throws {
        try validateCategorical(loss: name, yTrueShape: yTrueShape, yPredShape: yPredShape)
    }
}

extension Loss where Self == CategoricalCrossentropy {
    /// Categorical cross-entropy on probabilities (Keras `"categorical_crossentropy"`).
    public static var categoricalCrossentropy: CategoricalCrossentropy { CategoricalCrossentropy() }

    /// Categorical cross-entropy on probabilities or, with `fromLogits: true`, on logits.
    public static func categoricalCrossentropy(fromLogits: Bool, labelSmoothing: Float = 0) -> CategoricalCrossentropy {
        CategoricalCrossentropy(fromLogits: fromLogits, labelSmoothing: labelSmoothing)
    }
}

extension CategoricalCrossentropy {
    /// Keras's `get_config()`: `name`, `reduction`, `from_logits`, `label_smoothing`, `axis` (-1).
    public func getConfig() -> LayerConfig { crossentropyConfig(name: name, fromLogits: fromLogits, labelSmoothing: labelSmoothing) }

    /// Keras's `from_config`.
    /// - Throws: `DLError.invalidArgument` for an unknown or ill-typed key, another reduction or an axis other than -1.
    public static func fromConfig(_ config: LayerConfig) throws -> CategoricalCrossentropy {
        try readingCrossentropy(config, owner: "CategoricalCrossentropy", defaultName: "categorical_crossentropy", CategoricalCrossentropy.init)
    }
}
