/// 2-D average pooling over channels-last images (Keras `AveragePooling2D`): the mean of each
/// window, per channel. Shapes: `[batch, height, width, channels] → [batch, outHeight, outWidth, channels]`.
public final class AveragePooling2D: Pooling2D {
    /// Average pooling with a `poolSize × poolSize` window.
    /// - Parameters:
    ///   - poolSize: the window's height and width (default 2).
    ///   - strides: the step both ways (default: `poolSize`).
    ///   - padding: `.valid` (default) or `.same`.
    ///   - inputShape: the per-sample input shape, when this layer starts a `Sequential`.
    ///   - name: the layer's name (default: `average_pooling2d`, ...).
    public convenience init(poolSize: Int = 2, strides: Int? = nil, padding: Padding = .valid,
                            inputShape: [Int]? = nil, name: String? = nil) {
        self.init(poolSize: (poolSize, poolSize), strides: strides.map { ($0, $0) }, padding: padding,
                  inputShape: inputShape, name: name)
    }

    /// Average pooling with a `(height, width)` window and `(height, width)` strides (default: `poolSize`).
    required public init(poolSize: (Int, Int), strides: (Int, Int)? = nil, padding: Padding = .valid,
                         inputShape: [Int]? = nil, name: String? = nil) {
        super.init(poolSize: poolSize, strides: strides, padding: padding, inputShape: inputShape, name: name)
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "AveragePooling2D" }

    /// `avgPool2d(input, ...)`; with `.same` padding, border windows average their real cells only (as Keras).
    override public func call(_ input: Tensor, training: Bool) -> Tensor {
        avgPool2d(input, poolSize: poolSize, strides: strides, padding: padding)
    }
}
