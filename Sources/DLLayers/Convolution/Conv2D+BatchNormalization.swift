extension Conv2D: NormalizationFoldable {
    /// Whether `normalization` can be folded into this convolution: it normalizes the filters
    /// axis (the last) and this layer's activation is linear (nothing between the two).
    public func canFold(_ normalization: BatchNormalization) -> Bool {
        activation == .linear && normalization.normalizesLastAxis(ofRank: 4)
    }

    /// `normalization.call(call(input))` (then ReLU with `relu`) as one convolution with
    /// `kernel · scale` and `(bias − mean) · scale + β` per filter, `scale = γ / √(variance + ε)`
    /// (the ReLU in its output pass); equal to the two calls up to rounding. Nil when the call
    /// cannot fold: `normalization` would use the batch's statistics (see
    /// `BatchNormalization.usesMovingStatistics(training:)`), gradients are being recorded, either
    /// layer is not built, or a folded weight is not finite.
    public func callFolding(_ normalization: BatchNormalization, _ input: Tensor, relu: Bool, training: Bool) -> Tensor? {
        guard canFold(normalization), normalization.usesMovingStatistics(training: training), !isRecordingGradients,
              let weights = currentFoldedWeights(normalization) else { return nil }
        return convolve(input, kernel: weights.kernel.value, of: weights.kernel, bias: weights.bias, relu: relu)
    }

    /// `normalization.call(call(input)) + residual` (then ReLU with `relu`) as one convolution with
    /// the folded weights, the residual added to each chunk of its output while in cache
    /// (`conv2dAddingResidual`): bit for bit `Add` (and ReLU) after `callFolding(_:_:relu:training:)`.
    /// Nil where that call declines or `residual` does not have the output's shape.
    public func callFolding(_ normalization: BatchNormalization, _ input: Tensor, adding residual: Tensor, relu: Bool,
                            training: Bool) -> Tensor? {
        guard canFold(normalization), normalization.usesMovingStatistics(training: training), !isRecordingGradients,
              input.rank == 4, residual.shape == (try? [input.shape[0]] + computeOutputShape(Array(input.shape.dropFirst()))),
              let weights = currentFoldedWeights(normalization) else { return nil }
        return conv2dAddingResidual(input, kernel: weights.kernel.value, of: weights.kernel, bias: weights.bias,
                                    residual: residual, strides: strides, padding: padding, relu: relu)
    }

    /// The folded weights for `normalization`: the kept ones while none of the six variables was
    /// written since (nor replaced), else made again; nil when not built or not finite.
    private func currentFoldedWeights(_ normalization: BatchNormalization) -> FoldedWeights? {
        guard let kernel, useBias == (bias != nil), let normalizationVariables = normalization.inferenceVariables else {
            return nil
        }
        let sources = [kernel] + (bias.map { [$0] } ?? []) + normalizationVariables
        if let kept = foldedWeights, kept.isCurrent(for: sources) { return kept }
        foldedWeights = nil   // release the stale copy (and its Winograd transform) first
        guard let affine = normalization.inferenceAffine(),
              let (foldedKernel, foldedBias) = FoldedWeights.fold(kernel: kernel.storedValue, bias: bias?.storedValue,
                                                                  scale: affine.scale, mean: affine.mean,
                                                                  shift: affine.shift) else { return nil }
        let weights = FoldedWeights(kernel: foldedKernel, bias: foldedBias, sources: sources)
        foldedWeights = weights
        return weights
    }
}
