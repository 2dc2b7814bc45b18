/// 2-D transposed convolution over channels-last images (Keras `Conv2DTranspose`, sometimes called
/// deconvolution): `activation(conv2dTranspose(x, kernel) + bias)`, the layer that undoes a
/// convolution's shape (decoders, VAEs, segmentation heads).
///
/// Shapes: `[batch, height, width, channels] → [batch, outHeight, outWidth, filters]`, where
/// `padding: .valid` gives `(in − 1)·s + max(k, s)` and `.same` gives `in·s` (Keras's rule with
/// `output_padding` unset, the only mode here).
/// Weights (Keras order): `kernel` `[kernelHeight, kernelWidth, filters, channels]` (filters before
/// channels, as Keras lays out a transposed kernel), then `bias` `[filters]`.
///
/// Bad arguments (non-positive filters, kernel size or strides) are reported when the layer is
/// built (a thrown `DLError`).
public final class Conv2DTranspose: Convolution2DLayer {
    /// Keras's class name.
    override public class var kerasClassName: String { "Conv2DTranspose" }

    /// `[kernelHeight, kernelWidth, filters, channels]` (filters before channels, as Keras lays
    /// out a transposed kernel).
    override func kernelShape(channels: Int) -> [Int] { [kernelSize.0, kernelSize.1, filters, channels] }

    /// Keras writes no `groups` for a transposed convolution, and `output_padding: null`.
    override func adjustConfig(_ members: inout [String: LayerConfig]) {
        members["groups"] = nil
        members["output_padding"] = .null
    }

    /// `output_padding` must be null (the only mode here).
    override class func readExtraConfig(_ reader: inout ConfigReader) throws {
        try reader.ignoreIfNull(["output_padding"])
    }

    /// `[height, width, channels] → [outHeight, outWidth, filters]`.
    /// - Throws: `DLError.invalidArgument` for bad arguments, `DLError.shapeMismatch` for an input
    ///   that is not rank 3 or has an empty dimension.
    override public func computeOutputShape(_ inputShape: [Int]) throws -> [Int] {
        try require(filters > 0, "filters must be a positive integer. Received: filters=\(filters)")
        try require(kernelSize.0 > 0 && kernelSize.1 > 0,
                    "kernelSize must be positive. Received: kernelSize=(\(kernelSize.0), \(kernelSize.1))")
        try require(strides.0 > 0 && strides.1 > 0, "strides must be positive. Received: strides=(\(strides.0), \(strides.1))")
        try requireRank(inputShape, 3, "[height, width, channels]")
        try requirePositiveDimensions(inputShape)
        return [padding.transposedOutputSize(input: inputShape[0], kernel: kernelSize.0, stride: strides.0),
                padding.transposedOutputSize(input: inputShape[1], kernel: kernelSize.1, stride: strides.1), filters]
    }

    /// `conv2dTranspose(input, kernel, bias)`, the bias (and ReLU) fused into the output pass.
    override func convolve(_ input: Tensor, kernel: Tensor, of kernelVariable: Variable, bias: Tensor?, relu: Bool) -> Tensor {
        conv2dTranspose(input, kernel: kernel, bias: bias, strides: strides, padding: padding, relu: relu)
    }
}
