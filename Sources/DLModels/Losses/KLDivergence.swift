/// Kullback–Leibler divergence (Keras `KLDivergence`): Σ y·log(y / p) over the last axis, with
/// both y and p clipped to `[1e-7, 1]` as Keras does.
///
/// Shapes: yTrue and yPred `[batch, ..., classes]` (distributions) → `[batch]`.
public struct KLDivergence: Loss {
    /// Keras's name, `"kl_divergence"`.
    public let name = "kl_divergence"

    /// The KL divergence loss.
    public init() {}

    /// Per-sample divergence of the predicted distribution from the true one.
    public func perSampleLoss(yTrue: Tensor, yPred: Tensor) -> Tensor {
        let (t, p) = matchingRanks(yTrue.detached, yPred)
        let ct = clip(t, min: probabilityEpsilon, max: 1)
        let cp = clip(p, min: probabilityEpsilon, max: 1)
        return perSampleMean((ct * (log(ct) - log(cp))).sum(axis: -1))
    }

    /// Labels must be distributions with the predictions' shape.
    public func validate(yTrueShape: [Int], yPredShape: [Int]) throws {
        try validateCategorical(loss: name, yTrueShape: yTrueShape, yPredShape: yPredShape)
    }
}

extension Loss where Self == KLDivergence {
    /// Kullback–Leibler divergence (Keras `"kl_divergence"` / `"kullback_leibler_divergence"`).
    public static var kullbackLeiblerDivergence: KLDivergence { KLDivergence() }
}

extension KLDivergence {
    /// Keras's `from_config` of `{"name": "kl_divergence", "reduction": "sum_over_batch_size"}`.
    /// - Throws: `DLError.invalidArgument` for an unknown or ill-typed key, or another reduction.
    public static func fromConfig(_ config: LayerConfig) throws -> KLDivergence {
        try readingLoss(config, owner: "KLDivergence", defaultName: "kl_divergence") { _ in KLDivergence() }
    }
}
