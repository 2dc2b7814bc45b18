import DLCore

// Keras 3's `BatchNormalization.call(inputs, training, mask)`: in training, a sequence mask
// `[batch, steps]` on an input `[batch, steps, channels]` leaves the padded steps out of the
// batch's moments (`_moments(inputs, mask)`):
//   mean = Σ m·x / (Σ m + 1e−7),  variance = Σ m·(x − mean)² / (Σ m + 1e−7)
// over every axis but `axis`, which also update the moving statistics. At inference (moving
// statistics) the mask changes nothing, and the mask passes on unchanged (`supports_masking`).

extension BatchNormalization {
    /// Keras's masked moments on tensor ops (differentiated by the tape), then the normalization.
    func maskedNormalization(_ x: Tensor, mask: Tensor) -> Tensor {
        let movingMean = built(movingMean, "moving_mean"), movingVariance = built(movingVariance, "moving_variance")
        let channelAxis = axis < 0 ? axis + 3 : axis
        check(channelAxis == 1 || channelAxis == 2, "\(errorContext): axis \(axis) of input shape \(x.shape)")
        let weights = mask.reshaped([x.shape[0], x.shape[1], 1]) * Tensor.ones([1, 1, x.shape[2]])   // m broadcast to x
        func sum(_ t: Tensor) -> Tensor {   // over every axis but the channels', kept as size 1
            var result = t
            for reduced in [2, 1, 0] where reduced != channelAxis { result = result.sum(axis: reduced, keepDims: true) }
            return result
        }
        let count = sum(weights) + 1e-7
        let mean = sum(x * weights) / count
        let centered = x - mean
        let variance = sum(square(centered) * weights) / count
        var output = centered / sqrt(variance + epsilon)
        let vector = channelAxis == 2 ? [1, 1, x.shape[2]] : [1, x.shape[1], 1]
        if let gamma = gamma?.value { output = output * gamma.reshaped(vector) }
        if let beta = beta?.value { output = output + beta.reshaped(vector) }
        updateMovingAverage(movingMean, with: mean.detached.reshaped([movingMean.shape[0]]))
        updateMovingAverage(movingVariance, with: variance.detached.reshaped([movingVariance.shape[0]]))
        return output
    }
}
