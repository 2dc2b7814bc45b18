/// Sparse categorical cross-entropy (Keras `SparseCategoricalCrossentropy`) for labels given as
/// class ids: −log p[label].
///
/// Shapes: yPred `[batch, ..., classes]`, yTrue `[batch, ...]` or `[batch, ..., 1]` holding class
/// ids as Float → `[batch]`. With probabilities, each row is rescaled to sum to 1 and the label's
/// probability clipped to `[1e-7, 1 − 1e-7]` (Keras's JAX and PyTorch backends); with `fromLogits`
/// the loss is logsumexp(x) − x[label]. Both are one fused DLCore op (no one-hot tensor is
/// built). A label outside `0..<classes` gives a NaN loss for its row; `validate(yTrue:yPredShape:)`
/// reports such labels before training.
public struct SparseCategoricalCrossentropy: Loss {
    /// Keras's name, `"sparse_categorical_crossentropy"`.
    public let name = "sparse_categorical_crossentropy"
    /// Whether predictions are logits rather than probabilities.
    public let fromLogits: Bool

    /// Sparse categorical cross-entropy on probabilities (default) or logits.
    public init(fromLogits: Bool = false) {
        self.fromLogits = fromLogits
    }

    /// Per-sample cross-entropy (averaged over any axes between batch and classes): DLCore's
    /// `sparseSoftmaxCrossEntropy(logits:labels:)` or `sparseCrossEntropy(probabilities:labels:)`.
    public func perSampleLoss(yTrue: Tensor, yPred: Tensor) -> Tensor {
        perSampleMean(fromLogits
            ? sparseSoftmaxCrossEntropy(logits: yPred, labels: yTrue)
            : sparseCrossEntropy(probabilities: yPred, labels: yTrue, epsilon: probabilityEpsilon))
    }

    /// Labels must be `[batch, ...]` or `[batch, ..., 1]` for predictions `[batch, ..., classes]`.
    public func validate(yTrueShape: [Int], yPredShape: [Int]) throws {
        let expected = Array(yPredShape.dropLast())
        guard yTrueShape == expected || yTrueShape == expected + [1] else {
            let hint = yTrueShape == yPredShape && (yPredShape.last ?? 1) > 1
                ? "; labels look one-hot: use .categoricalCrossentropy, or pass class ids" : ""
            throw DLError.shapeMismatch(
                context: "loss '\(name)': class-id labels must have shape \(expected) or \(expected + [1]) for predictions \(yPredShape)\(hint)",
                expected: "\(expected)", received: yTrueShape)
        }
    }

    /// Also checks that every label is a whole class id in `0..<classes` (2.5 is not).
    public func validate(yTrue: Tensor, yPredShape: [Int]) throws {
        try validate(yTrueShape: yTrue.shape, yPredShape: yPredShape)
        let classes = yPredShape.last ?? 1
        if let bad = yTrue.scalars.first(where: { classIndex($0, classes: classes) == nil || $0.rounded(.towardZero) != $0 }) {
            throw DLError.invalidArgument(
                context: "loss '\(name)'",
                message: "labels must be class ids in 0..<\(classes), whole numbers (predictions have \(classes) classes). Received: label \(bad)")
        }
    }
}

/// The class id a label stands for (truncated, as Keras casts to int), or nil when out of range.
@inline(__always)
private func classIndex(_ label: Float, classes: Int) -> Int? {
    guard label.isFinite, label >= 0, label < Float(classes) else { return nil }
    return Int(label)
}

extension Loss where Self == SparseCategoricalCrossentropy {
    /// Sparse categorical cross-entropy on probabilities (Keras `"sparse_categorical_crossentropy"`).
    public static var sparseCategoricalCrossentropy: SparseCategoricalCrossentropy { SparseCategoricalCrossentropy() }

    /// Sparse categorical cross-entropy on probabilities or, with `fromLogits: true`, on logits.
    public static func sparseCategoricalCrossentropy(fromLogits: Bool) -> SparseCategoricalCrossentropy {
        SparseCategoricalCrossentropy(fromLogits: fromLogits)
    }
}

extension SparseCategoricalCrossentropy {
    /// Keras's `get_config()`: `name`, `reduction`, `from_logits`, `ignore_class` (null).
    public func getConfig() -> LayerConfig {
        ["name": .string(name), "reduction": "sum_over_batch_size", "from_logits": .bool(fromLogits), "ignore_class": nil]
    }

    /// Keras's `from_config`; `ignore_class` must be null (not supported here).
    /// - Throws: `DLError.invalidArgument` for an unknown or ill-typed key, another reduction or an `ignore_class`.
    public static func fromConfig(_ config: LayerConfig) throws -> SparseCategoricalCrossentropy {
        try readingLoss(config, owner: "SparseCategoricalCrossentropy", defaultName: "sparse_categorical_crossentropy") { reader in
            try reader.ignoreIfNull(["ignore_class"])
            return SparseCategoricalCrossentropy(fromLogits: try reader.bool("from_logits", default: false))
        }
    }
}
