/// Mean squared error (Keras `MeanSquaredError`): mean((yTrue − yPred)²) over the last axis.
///
/// Shapes: yTrue and yPred `[batch, ...]` (a `[batch]` side is matched to `[batch, 1]`) → `[batch]`.
public struct MeanSquaredError: Loss {
    /// Keras's name, `"mean_squared_error"`.
    public let name = "mean_squared_error"

    /// The mean squared error loss.
    public init() {}

    /// Per-sample mean of the squared differences.
    public func perSampleLoss(yTrue: Tensor, yPred: Tensor) -> Tensor {
        let (t, p) = matchingRanks(yTrue, yPred)
        return perSampleMean(square(p - t))
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
