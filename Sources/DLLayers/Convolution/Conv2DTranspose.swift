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
public final class Conv2DTranspose: Layer, KernelLayer {
    /// The number of output channels.
    public let filters: Int
    /// The window's (height, width).
    public let kernelSize: (Int, Int)
    /// The window's steps along (height, width): the output grows by about this factor.
    public let strides: (Int, Int)
    /// `.valid` (`(in − 1)·s + max(k, s)`) or `.same` (`in·s`).
    public let padding: Padding
    /// The activation, bias, initializers and regularizers (shared with `Dense`/`Conv2D`;
    /// `activation`, `useBias`, ... forward to it).
    public let settings: KernelSettings

    /// The kernel `[kernelHeight, kernelWidth, filters, channels]`, once built.
    public private(set) var kernel: Variable?
    /// The bias `[filters]`, once built with `useBias`.
    public private(set) var bias: Variable?

    /// A transposed convolution with a `kernelSize × kernelSize` window and `strides` both ways.
    /// - Parameters:
    ///   - filters: the number of output channels (positive).
    ///   - kernelSize: the window's height and width.
    ///   - strides: the step both ways (default 1); the output is about `strides` times the input.
    ///   - padding: `.valid` (default) or `.same`.
    ///   - inputShape: the per-sample input shape `[height, width, channels]`, when this layer starts a `Sequential`.
    ///   - name: the layer's name (default: `conv2d_transpose`, `conv2d_transpose_1`, ...).
    public convenience init(_ filters: Int, kernelSize: Int, strides: Int = 1, padding: Padding = .valid,
                            activation: Activation = .linear, useBias: Bool = true,
                            kernelInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros,
                            kernelRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil,
                            inputShape: [Int]? = nil, name: String? = nil) {
        self.init(filters, kernelSize: (kernelSize, kernelSize), strides: (strides, strides), padding: padding,
                  activation: activation, useBias: useBias, kernelInitializer: kernelInitializer,
                  biasInitializer: biasInitializer, kernelRegularizer: kernelRegularizer,
                  biasRegularizer: biasRegularizer, inputShape: inputShape, name: name)
    }

    /// A transposed convolution with a `(height, width)` window and `(height, width)` strides.
    public convenience init(_ filters: Int, kernelSize: (Int, Int), strides: (Int, Int) = (1, 1), padding: Padding = .valid,
                            activation: Activation = .linear, useBias: Bool = true,
                            kernelInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros,
                            kernelRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil,
                            inputShape: [Int]? = nil, name: String? = nil) {
        self.init(filters, kernelSize: kernelSize, strides: strides, padding: padding,
                  settings: KernelSettings(activation: activation, useBias: useBias, kernelInitializer: kernelInitializer,
                                           biasInitializer: biasInitializer, kernelRegularizer: kernelRegularizer,
                                           biasRegularizer: biasRegularizer),
                  inputShape: inputShape, name: name)
    }

    /// A transposed convolution with the shared kernel `settings`.
    public init(_ filters: Int, kernelSize: (Int, Int), strides: (Int, Int) = (1, 1), padding: Padding = .valid,
                settings: KernelSettings, inputShape: [Int]? = nil, name: String? = nil) {
        self.filters = filters
        self.kernelSize = kernelSize
        self.strides = strides
        self.padding = padding
        self.settings = settings
        super.init(name: name, inputShape: inputShape)
    }

    /// Keras's configuration: the base keys, the convolution's (see `ConvolutionConfig`; Keras
    /// writes no `groups` here) and `output_padding: null`.
    override public func getConfig() -> LayerConfig {
        var members = ConvolutionConfig(filters: filters, kernelSize: [kernelSize.0, kernelSize.1],
                                        strides: [strides.0, strides.1], padding: padding, settings: settings).members
        members["groups"] = nil
        members["output_padding"] = .null
        return config(with: members)
    }

    /// A transposed convolution from Keras's configuration (`dilation_rate` 1, `output_padding`
    /// null, channels-last only).
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown, ill-typed
    ///   or unsupported key (an `output_padding` other than null included).
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            let conv = try ConvolutionConfig(reading: &reader, rank: 2)
            try reader.ignoreIfNull(["output_padding"])
            return Conv2DTranspose(conv.filters, kernelSize: (conv.kernelSize[0], conv.kernelSize[1]),
                                   strides: (conv.strides[0], conv.strides[1]), padding: conv.padding,
                                   settings: conv.settings, inputShape: base.inputShape, name: base.name)
        }
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "Conv2DTranspose" }

    /// Creates `kernel` `[kh, kw, filters, channels]` and `bias` `[filters]`.
    override public func build(inputShape: [Int]) throws {
        _ = try computeOutputShape(inputShape)
        kernel = addWeight(name: "kernel", shape: [kernelSize.0, kernelSize.1, filters, inputShape[2]],
                           initializer: kernelInitializer, regularizer: kernelRegularizer)
        if useBias {
            bias = addWeight(name: "bias", shape: [filters], initializer: biasInitializer, regularizer: biasRegularizer)
        }
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

    /// `activation(conv2dTranspose(input, kernel, bias))`, the bias (and ReLU) fused into the output pass.
    override public func call(_ input: Tensor, training: Bool) -> Tensor {
        let kernel = built(kernel, "kernel").value
        let bias = useBias ? built(bias, "bias").value : nil
        let fusedReLU = activation == .relu
        let output = conv2dTranspose(input, kernel: kernel, bias: bias, strides: strides, padding: padding, relu: fusedReLU)
        return fusedReLU ? output : activation(output)
    }
}
