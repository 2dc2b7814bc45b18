/// 2-D convolution over channels-last images (Keras `Conv2D`):
/// `activation(conv2d(x, kernel) + bias)`.
///
/// Shapes: `[batch, height, width, channels] → [batch, outHeight, outWidth, filters]`, where
/// `padding: .valid` gives `⌊(in − k) / s⌋ + 1` and `.same` gives `⌈in / s⌉`.
/// Weights (Keras order): `kernel` `[kernelHeight, kernelWidth, channels, filters]`, then `bias` `[filters]`.
///
/// Bad arguments (non-positive filters, kernel size or strides) and a kernel larger than the input
/// with `.valid` padding are reported when the layer is built (a thrown `DLError`).
public final class Conv2D: Convolution2DLayer {
    /// Keras's class name.
    override public class var kerasClassName: String { "Conv2D" }

    /// The weights with a following batch normalization folded in, kept between inference calls
    /// (`Conv2D+BatchNormalization.swift`); nil until such a call.
    var foldedWeights: FoldedWeights?

    /// `[kernelHeight, kernelWidth, channels, filters]`.
    override func kernelShape(channels: Int) -> [Int] { [kernelSize.0, kernelSize.1, channels, filters] }

    /// `[height, width, channels] → [outHeight, outWidth, filters]`.
    /// - Throws: `DLError.invalidArgument` for bad arguments, `DLError.shapeMismatch` for an input
    ///   that is not rank 3 or smaller than the kernel with `.valid` padding.
    override public func computeOutputShape(_ inputShape: [Int]) throws -> [Int] {
        try require(filters > 0, "filters must be a positive integer. Received: filters=\(filters)")
        try requireRank(inputShape, 3, "[height, width, channels]")
        let sizes = try windowOutputSizes(spatial: Array(inputShape[0..<2]), window: [kernelSize.0, kernelSize.1],
                                          strides: [strides.0, strides.1], padding: padding,
                                          inputShape: inputShape, windowName: "kernelSize")
        return sizes + [filters]
    }

    /// `conv2d(input, kernel, bias)`, the bias (and ReLU) fused into the convolution; the kernel's
    /// Winograd transform is kept by its variable between inference calls.
    override func convolve(_ input: Tensor, kernel: Tensor, of kernelVariable: Variable, bias: Tensor?, relu: Bool) -> Tensor {
        conv2d(input, kernel: kernel, of: kernelVariable, bias: bias, strides: strides, padding: padding, relu: relu)
    }
}
