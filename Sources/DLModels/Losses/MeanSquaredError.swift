/// Mean squared error (Keras `MeanSquaredError`): mean((yTrue − yPred)²) over the last axis.
///
/// Shapes: yTrue and yPred `[batch, ...]` (a `[batch]` side is matched to `[batch, 1]`) → `[batch]`.
public struct MeanSquaredError: Loss {
    /// Keras's name, `"mean_squared_error"`.
    public let name = "mean_squared_error"

    /// The mean squared error loss.
    public init() {}

    /// Per-sample mean of the squared differences: DLCore's fused `rowMeanSquaredError` when labels
    /// and predictions have the same shape, the composed ops when they broadcast.
    public func perSampleLoss(yTrue: Tensor, yPred: Tensor) -> Tensor {
        let (t, p) = matchingRanks(yTrue, yPred)
        guard t.shape == p.shape, p.rank >= 1 else { return perSampleMean(square(p - t)) }
        return rowMeanSquaredError(t, p)
    }

    /// Labels must have the predictions' shape.
    public func validate(yTrueShape: [Int], yPredShape: [Int]) throws {
        try validateElementwise(loss: name, yTrueShape: yTrueShape, yPredShape: yPredShape)
    }
}

extension Loss where Self == MeanSquaredError {
    /// Mean squared error (Keras `"mean_squared_error"` / `"mse"`).
    public static var meanSquaredError: MeanSquaredError { MeanSquaredError() }
}

extension MeanSquaredError {
    /// Keras's `from_config` of `{"name": "mean_squared_error", "reduction": "sum_over_batch_size"}`.
    /// - Throws: `DLError.invalidArgument` for an unknown or ill-typed key, or another reduction.
    public static func fromConfig(_ config: LayerConfig) throws -> MeanSquaredError {
        try readingLoss(config, owner: "MeanSquaredError", defaultName: "mean_squared_error") { _ in MeanSquaredError() }
    }
}
