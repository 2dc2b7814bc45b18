/// Binary cross-entropy (Keras `BinaryCrossentropy`): −[y·log p + (1 − y)·log(1 − p)], averaged
/// over the last axis.
///
/// Probabilities are clipped to `[1e-7, 1 − 1e-7]` as Keras's backend does; with `fromLogits` the
/// loss is computed stably from logits as softplus(x) − y·x. Shapes: yTrue and yPred
/// `[batch, ...]` (a `[batch]` side is matched to `[batch, 1]`) → `[batch]`.
public struct BinaryCrossentropy: Loss {
    /// Keras's name, `"binary_crossentropy"`.
    public let name = "binary_crossentropy"
    /// Whether predictions are logits rather than probabilities.
    public let fromLogits: Bool
    /// Keras's label smoothing: labels become y·(1 − s) + 0.5·s.
    public let labelSmoothing: Float

    /// Binary cross-entropy on probabilities (default) or logits.
    public init(fromLogits: Bool = false, labelSmoothing: Float = 0) {
        self.fromLogits = fromLogits
        self.labelSmoothing = labelSmoothing
    }

    /// Per-sample mean of the element-wise cross-entropy.
    public func perSampleLoss(yTrue: Tensor, yPred: Tensor) -> Tensor {
        var (t, p) = matchingRanks(yTrue, yPred)
        t = t.detached
        if labelSmoothing > 0 { t = t * (1 - labelSmoothing) + 0.5 * labelSmoothing }
        if fromLogits {
            // log(1 + e^x) − y·x, the stable form of TensorFlow's sigmoid_cross_entropy_with_logits.
            return perSampleMean(softplus(p) - t * p)
        }
        let clipped = clip(p, min: probabilityEpsilon, max: 1 - probabilityEpsilon)
        return perSampleMean(-(t * log(clipped) + (1 - t) * log(1 - clipped)))
    }

    /// Labels must have the predictions' shape.
    public func validate(yTrueShape: [Int], yPredShape: [Int]) throws {
        try validateElementwise(loss: name, yTrueShape: yTrueShape, yPredShape: yPredShape)
    }

    /// Also checks that every label is a probability in [0, 1].
    public func validate(yTrue: Tensor, yPredShape: [Int]) throws {
        try validate(yTrueShape: yTrue.shape, yPredShape: yPredShape)
        if let bad = yTrue.scalars.first(where: { !($0 >= 0 && $0 <= 1) }) {
            throw DLError.invalidArgument(
                context: "loss '\(name)'",
                message: "labels must be probabilities in [0, 1] (0 and 1 for two classes). Received: label \(bad)")
        }
    }
}

extension Loss where Self == BinaryCrossentropy {
    /// Binary cross-entropy on probabilities (Keras `"binary_crossentropy"`).
    public static var binaryCrossentropy: BinaryCrossentropy { BinaryCrossentropy() }

    /// Binary cross-entropy on probabilities or, with `fromLogits: true`, on logits.
    public static func binaryCrossentropy(fromLogits: Bool, labelSmoothing: Float = 0) -> BinaryCrossentropy {
        BinaryCrossentropy(fromLogits: fromLogits, labelSmoothing: labelSmoothing)
    }
}

extension BinaryCrossentropy {
    /// Keras's `get_config()`: `name`, `reduction`, `from_logits`, `label_smoothing`, `axis` (-1).
    public func getConfig() -> LayerConfig { crossentropyConfig(name: name, fromLogits: fromLogits, labelSmoothing: labelSmoothing) }

    /// Keras's `from_config`.
    /// - Throws: `DLError.invalidArgument` for an unknown or ill-typed key, another reduction or an axis other than -1.
    public static func fromConfig(_ config: LayerConfig) throws -> BinaryCrossentropy {
        try readingCrossentropy(config, owner: "BinaryCrossentropy", defaultName: "binary_crossentropy", BinaryCrossentropy.init)
    }
}
