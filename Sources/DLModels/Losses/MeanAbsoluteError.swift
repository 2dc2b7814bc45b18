/// Mean absolute error (Keras `MeanAbsoluteError`): mean(|yTrue − yPred|) over the last axis.
///
/// Shapes: yTrue and yPred `[batch, ...]` (a `[batch]` side is matched to `[batch, 1]`) → `[batch]`.
public struct MeanAbsoluteError: Loss {
    /// Keras's name, `"mean_absolute_error"`.
    public let name = "mean_absolute_error"

    /// The mean absolute error loss.
    public init() {}

    /// Per-sample mean of the absolute differences.
    public func perSampleLoss(yTrue: Tensor, yPred: Tensor) -> Tensor {
        let (t, p) = matchingRanks(yTrue, yPred)
        return perSampleMean(abs(p - t))
    }

    /// Labels must have the predictions' shape.
    public func validate(yTrueShape: [Int], yPredShape: [Int]) throws {
        try validateElementwise(loss: name, yTrueShape: yTrueShape, yPredShape: yPredShape)
    }
}

extension Loss where Self == MeanAbsoluteError {
    /// Mean absolute error (Keras `"mean_absolute_error"` / `"mae"`).
    public static var meanAbsoluteError: MeanAbsoluteError { MeanAbsoluteError() }
}

extension MeanAbsoluteError {
    /// Keras's `from_config` of `{"name": "mean_absolute_error", "reduction": "sum_over_batch_size"}`.
    /// - Throws: `DLError.invalidArgument` for an unknown or ill-typed key, or another reduction.
    public static func fromConfig(_ config: LayerConfig) throws -> MeanAbsoluteError {
        try readingLoss(config, owner: "MeanAbsoluteError", defaultName: "mean_absolute_error") { _ in MeanAbsoluteError() }
    }
}
