/// The mean over all positions of each channel (Keras `GlobalAveragePooling2D`):
/// `[batch, height, width, channels] → [batch, channels]` (`[batch, 1, 1, channels]` with `keepDims`). No weights.
public final class GlobalAveragePooling2D: Layer {
    /// Whether the output keeps the spatial axes as size 1.
    public let keepDims: Bool

    /// A global average pooling layer.
    /// - Parameters:
    ///   - keepDims: keep the spatial axes as size 1 (default false).
    ///   - inputShape: the per-sample input shape, when this layer starts a `Sequential`.
    ///   - name: the layer's name (default: `global_average_pooling2d`, ...).
    public init(keepDims: Bool = false, inputShape: [Int]? = nil, name: String? = nil) {
        self.keepDims = keepDims
        super.init(name: name, inputShape: inputShape)
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "GlobalAveragePooling2D" }

    /// Checks the input shape.
    override public func build(inputShape: [Int]) throws {
        _ = try computeOutputShape(inputShape)
    }

    /// `[height, width, channels] → [channels]` (or `[1, 1, channels]`).
    /// - Throws: `DLError.shapeMismatch` for an input that is not rank 3 with positive sizes.
    override public func computeOutputShape(_ inputShape: [Int]) throws -> [Int] {
        try requireRank(inputShape, 3, "[height, width, channels]")
        try requirePositiveDimensions(inputShape)
        return keepDims ? [1, 1, inputShape[2]] : [inputShape[2]]
    }

    /// The mean over the `height · width` positions.
    override public func call(_ input: Tensor, training: Bool) -> Tensor {
        let (batch, channels) = (input.shape[0], input.shape[3])
        let pooled = input.reshaped([batch, input.shape[1] * input.shape[2], channels]).mean(axis: 1)
        return keepDims ? pooled.reshaped([batch, 1, 1, channels]) : pooled
    }
}
