// Helpers shared by the losses: Keras's probability clipping, rank matching and shape checks.

/// Keras's backend epsilon: probabilities are clipped to `[epsilon, 1 − epsilon]` before a log.
let probabilityEpsilon: Float = 1e-7

/// Keras's `squeeze_or_expand_to_same_rank`: when ranks differ by one and the longer shape ends
/// in 1, the rank-1 tensor is expanded (`[N]` against `[N, 1]` becomes `[N, 1]`) or the longer
/// one squeezed. Recorded on the tape (reshapes only).
func matchingRanks(_ yTrue: Tensor, _ yPred: Tensor) -> (yTrue: Tensor, yPred: Tensor) {
    let (t, p) = matchingRankShapes(yTrue.shape, yPred.shape)
    return (yTrue.reshaped(t), yPred.reshaped(p))
}

/// The shapes `matchingRanks` gives to labels and predictions of `trueShape` and `predShape`.
func matchingRankShapes(_ trueShape: [Int], _ predShape: [Int]) -> ([Int], [Int]) {
    if trueShape.count == predShape.count + 1, trueShape.last == 1 {
        return predShape.count == 1 ? (trueShape, predShape + [1]) : (Array(trueShape.dropLast()), predShape)
    }
    if predShape.count == trueShape.count + 1, predShape.last == 1 {
        return trueShape.count == 1 ? (trueShape + [1], predShape) : (trueShape, Array(predShape.dropLast()))
    }
    return (trueShape, predShape)
}

/// Reduces a loss tensor `[batch, ...]` to one value per sample `[batch]` by averaging the other
/// axes (Keras averages the last axis and then everything, which gives the same batch mean).
/// A rank-0 value becomes `[1]`.
func perSampleMean(_ values: Tensor) -> Tensor {
    switch values.rank {
    case 0: return values.reshaped([1])
    case 1: return values
    default: return values.reshaped([values.shape[0], -1]).mean(axis: 1)
    }
}

/// Throws unless labels and predictions have the same shape after Keras's rank matching
/// (element-wise losses: MSE, MAE, binary cross-entropy, hinge, Huber).
func validateElementwise(loss name: String, yTrueShape: [Int], yPredShape: [Int]) throws {
    let (t, p) = matchingRankShapes(yTrueShape, yPredShape)
    guard t == p else {
        throw DLError.shapeMismatch(
            context: "loss '\(name)': labels must have the predictions' shape \(yPredShape)",
            expected: "\(yPredShape)", received: yTrueShape)
    }
}

/// Throws unless one-hot (or probability) labels have the predictions' shape `[batch, ..., classes]`
/// (categorical cross-entropy, KL divergence); integer labels get a hint towards the sparse loss.
func validateCategorical(loss name: String, yTrueShape: [Int], yPredShape: [Int]) throws {
    guard yTrueShape != yPredShape else { return }
    if let classes = yPredShape.last, classes > 1,
       yTrueShape == Array(yPredShape.dropLast()) || yTrueShape == Array(yPredShape.dropLast()) + [1] {
        throw DLError.invalidArgument(
            context: "loss '\(name)'",
            message: "labels of shape \(yTrueShape) look like class ids but predictions have shape \(yPredShape); "
                + "use .sparseCategoricalCrossentropy for integer labels, or one-hot encode them with "
                + "toCategorical(y, numClasses: \(classes)). Received: yTrue shape \(yTrueShape), yPred shape \(yPredShape)")
    }
    throw DLError.shapeMismatch(
        context: "loss '\(name)': one-hot labels must have the predictions' shape \(yPredShape)",
        expected: "\(yPredShape)", received: yTrueShape)
}
