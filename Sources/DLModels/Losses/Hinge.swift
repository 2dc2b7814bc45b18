/// Hinge loss (Keras `Hinge`): mean(max(1 − y·p, 0)) over the last axis, for labels in {−1, 1}.
///
/// As Keras does, labels that are all 0 or 1 are first converted to −1 or 1 (y ← 2y − 1).
/// Shapes: yTrue and yPred `[batch, ...]` (a `[batch]` side is matched to `[batch, 1]`) → `[batch]`.
public struct Hinge: Loss {
    /// Keras's name, `"hinge"`.
    public let name = "hinge"

    /// The hinge loss.
    public init() {}

    /// Per-sample mean of the hinge.
    public func perSampleLoss(yTrue: Tensor, yPred: Tensor) -> Tensor {
        var (t, p) = matchingRanks(yTrue.detached, yPred)
        if t.scalars.allSatisfy({ $0 == 0 || $0 == 1 }) { t = 2 * t - 1 }
        return perSampleMean(relu(1 - t * p))
    }

    /// Labels must have the predictions' shape.
    public func validate(yTrueShape: [Int], yPredShape: [Int]) throws {
        try validateElementwise(loss: name, yTrueShape: yTrueShape, yPredShape: yPredShape)
    }
}

extension Loss where Self == Hinge {
    /// Hinge loss (Keras `"hinge"`).
    public static var hinge: Hinge { Hinge() }
}

extension Hinge {
    /// Keras's `from_config` of `{"name": "hinge", "reduction": "sum_over_batch_size"}`.
    /// - Throws: `DLError.invalidArgument` for an unknown or ill-typed key, or another reduction.
    public static func fromConfig(_ config: LayerConfig) throws -> Hinge {
        try readingLoss(config, owner: "Hinge", defaultName: "hinge") { _ in Hinge() }
    }
}
