/// The mean over all positions of each channel (Keras `GlobalAveragePooling2D`):
/// `[batch, height, width, channels] → [batch, channels]` (`[batch, 1, 1, channels]` with `keepDims`). No weights.
public final class GlobalAveragePooling2D: GlobalPooling2D {
    /// A global average pooling layer.
    /// - Parameters:
    ///   - keepDims: keep the spatial axes as size 1 (default false).
    ///   - inputShape: the per-sample input shape, when this layer starts a `Sequential`.
    ///   - name: the layer's name (default: `global_average_pooling2d`, ...).
    public convenience init(keepDims: Bool = false, inputShape: [Int]? = nil, name: String? = nil) {
        self.init(keepingDims: keepDims, inputShape: inputShape, name: name)
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "GlobalAveragePooling2D" }

    /// The mean over the positions.
    override func reducePositions(_ positions: Tensor) -> Tensor { positions.mean(axis: 1) }
}
