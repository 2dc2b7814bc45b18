// What a layer before a batch normalization needs to fold the normalization into its own weights
// at inference (`NormalizationFoldable`, `Conv2D`): whether the normalization runs on its moving
// statistics for a call, its variables (whose `version`s tell when a folded copy is stale), and
// its per-channel affine map `y = x · scale + shift`.

extension BatchNormalization {
    /// Whether this layer can be folded into a producer whose output is channels-last of `rank`
    /// (counting the batch axis): it normalizes the last axis, as a convolution's filters are.
    public func normalizesLastAxis(ofRank rank: Int) -> Bool {
        axis == -1 || axis == rank - 1
    }

    /// Whether a call with `training` normalizes with the moving statistics (Keras: inference, or
    /// a frozen layer, whose `trainable` is false, even when training) and leaves them alone.
    public func usesMovingStatistics(training: Bool) -> Bool {
        !(training && trainable)
    }

    /// The variables the normalization reads at inference, each once built: `gamma` (with
    /// `scale`), `beta` (with `center`), `moving_mean`, `moving_variance`; nil before build.
    var inferenceVariables: [Variable]? {
        guard let movingMean, let movingVariance else { return nil }
        guard scale == (gamma != nil), center == (beta != nil) else { return nil }
        return [gamma, beta, movingMean, movingVariance].compactMap { $0 }
    }

    /// The inference normalization as an affine map per channel, computed as the inference op
    /// computes it (`batchNormalization(_:mean:variance:...)`): `scale = γ · (1 / √(variance + ε))`
    /// and `y = (x − mean) · scale + β`. Returns `(scale, mean, β)`, each `[channels]` (γ = 1
    /// without `scale`, β = 0 without `center`); nil before build.
    func inferenceAffine() -> (scale: [Float], mean: [Float], shift: [Float])? {
        guard let movingMean, let movingVariance, inferenceVariables != nil else { return nil }
        let channels = movingMean.shape[0]
        let mean = movingMean.storedValue.scalars
        let invStd = movingVariance.storedValue.scalars.map { 1 / ($0 + epsilon).squareRoot() }
        let gammaValues = gamma?.storedValue.scalars ?? [Float](repeating: 1, count: channels)
        let scale = zip(gammaValues, invStd).map { $0 * $1 }
        let shift = beta?.storedValue.scalars ?? [Float](repeating: 0, count: channels)
        return (scale, mean, shift)
    }
}
