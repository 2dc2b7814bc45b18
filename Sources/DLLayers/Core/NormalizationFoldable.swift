/// A layer that can fold the `BatchNormalization` reading its output into its own weights at
/// inference (`Conv2D`, what inference engines do with Conv–BN): with the moving statistics the
/// normalization is an affine map per channel, `y = x · scale + shift`, so the layer runs once with
/// `kernel · scale` and `(bias − mean) · scale + β`, and the normalization's pass and tensor are
/// gone. A functional model whose graph feeds such a layer's output to a normalization it
/// `canFold` and nowhere else (and, optionally, the normalization's output to a plain ReLU and
/// nowhere else) runs them as one call when `callFolding` accepts the call; the normalization's
/// (and the ReLU's) node is then skipped. Training runs each layer alone, as without the fold.
public protocol NormalizationFoldable: Layer {
    /// Whether `callFolding(normalization, ...)` can fold `normalization` after this layer: decided
    /// once, when a model's graph is built (the call itself may still decline, see `callFolding`).
    func canFold(_ normalization: BatchNormalization) -> Bool

    /// `normalization.call(call(input))`, then ReLU with `relu`, as one call with the folded
    /// weights; nil (nothing computed, nothing changed) when the call cannot fold: the
    /// normalization would use the batch's statistics (`training` and `trainable`), gradients are
    /// being recorded, or the folded weights would not be finite. The folded weights are kept
    /// between calls and made again only after one of the variables they come from was written.
    func callFolding(_ normalization: BatchNormalization, _ input: Tensor, relu: Bool, training: Bool) -> Tensor?

    /// `normalization.call(call(input)) + residual` (a residual block's `Add`, the residual being
    /// its other input), then ReLU with `relu`, as one call with the folded weights; nil where
    /// `callFolding(_:_:relu:training:)` declines, or where `residual` does not have the output's
    /// shape (an `Add` that broadcasts). The default adds the residual after the folded call.
    func callFolding(_ normalization: BatchNormalization, _ input: Tensor, adding residual: Tensor, relu: Bool,
                     training: Bool) -> Tensor?
}

extension NormalizationFoldable {
    /// `callFolding(normalization, input, relu: false, training:)` plus `residual` (then ReLU), the
    /// sum as `Add` computes it for inputs of one shape.
    public func callFolding(_ normalization: BatchNormalization, _ input: Tensor, adding residual: Tensor, relu: Bool,
                            training: Bool) -> Tensor? {
        guard let y = callFolding(normalization, input, relu: false, training: training), y.shape == residual.shape else {
            return nil
        }
        return relu ? elementwiseSumReLU([y, residual]) : elementwiseSum([y, residual])
    }
}
