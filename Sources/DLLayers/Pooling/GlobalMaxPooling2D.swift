/// The maximum over all positions of each channel (Keras `GlobalMaxPooling2D`):
/// `[batch, height, width, channels] → [batch, channels]` (`[batch, 1, 1, channels]` with `keepDims`). No weights.
public final class GlobalMaxPooling2D: GlobalPooling2D {
    /// A global max pooling layer.
    /// - Parameters:
    ///   - keepDims: keep the spatial axes as size 1 (default false).
    ///   - inputShape: the per-sample input shape, when this layer starts a `Sequential`.
    ///   - name: the layer's name (default: `global_max_pooling2d`, ...).
    public convenience init(keepDims: Bool = false, inputShape: [Int]? = nil, name: String? = nil) {
        self.init(keepingDims: keepDims, inputShape: inputShape, name: name)
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "GlobalMaxPooling2D" }

    /// The maximum over the positions; the gradient goes to the first maximum.
    override func reducePositions(_ positions: Tensor) -> Tensor { positions.max(axis: 1) }
}
