/// 2-D convolution over channels-last images (Keras `Conv2D`):
/// `activation(conv2d(x, kernel) + bias)`.
///
/// Shapes: `[batch, height, width, channels] → [batch, outHeight, outWidth, filters]`, where
/// `padding: .valid` gives `⌊(in − k) / s⌋ + 1` and `.same` gives `⌈in / s⌉`.
/// Weights (Keras order): `kernel` `[kernelHeight, kernelWidth, channels, filters]`, then `bias` `[filters]`.
///
/// Bad arguments (non-positive filters, kernel size or strides) and a kernel larger than the input
/// with `.valid` padding are reported when the layer is built (a thrown `DLError`).
public final class Conv2D: Layer, KernelLayer {
    /// The number of output channels.
    public let filters: Int
    /// The window's (height, width).
    public let kernelSize: (Int, Int)
    /// The window's steps along (height, width).
    public let strides: (Int, Int)
    /// `.valid` (no padding) or `.same` (zero padding keeping `⌈in / s⌉`).
    public let padding: Padding
    /// The activation, bias, initializers and regularizers (shared with `Dense`/`Conv1D`;
    /// `activation`, `useBias`, ... forward to it).
    public let settings: KernelSettings

    /// The kernel `[kernelHeight, kernelWidth, channels, filters]`, once built.
    public private(set) var kernel: Variable?
    /// The bias `[filters]`, once built with `useBias`.
    public private(set) var bias: Variable?

    /// A 2-D convolution with a `kernelSize × kernelSize` window moved by `strides` both ways.
    /// - Parameters:
    ///   - filters: the number of output channels (positive).
    ///   - kernelSize: the window's height and width.
    ///   - strides: the step both ways (default 1).
    ///   - padding: `.valid` (default) or `.same`.
    ///   - inputShape: the per-sample input shape `[height, width, channels]`, when this layer starts a `Sequential`.
    ///   - name: the layer's name (default: `conv2d`, `conv2d_1`, ...).
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

    /// A 2-D convolution with a `(height, width)` window and `(height, width)` strides.
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

    /// A 2-D convolution with the shared kernel `settings`.
    public init(_ filters: Int, kernelSize: (Int, Int), strides: (Int, Int) = (1, 1), padding: Padding = .valid,
                settings: KernelSettings, inputShape: [Int]? = nil, name: String? = nil) {
        self.filters = filters
        self.kernelSize = kernelSize
        self.strides = strides
        self.padding = padding
        self.settings = settings
        super.init(name: name, inputShape: inputShape)
    }

    /// Keras's configuration: the base keys and the convolution's (see `ConvolutionConfig`).
    override public func getConfig() -> LayerConfig {
        config(with: ConvolutionConfig(filters: filters, kernelSize: [kernelSize.0, kernelSize.1],
                                       strides: [strides.0, strides.1], padding: padding, settings: settings).members)
    }

    /// A 2-D convolution from Keras's configuration (`dilation_rate` and `groups` 1, channels-last only).
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown or ill-typed key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            let conv = try ConvolutionConfig(reading: &reader, rank: 2)
            return Conv2D(conv.filters, kernelSize: (conv.kernelSize[0], conv.kernelSize[1]),
                          strides: (conv.strides[0], conv.strides[1]), padding: conv.padding,
                          settings: conv.settings, inputShape: base.inputShape, name: base.name)
        }
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "Conv2D" }

    /// Creates `kernel` `[kh, kw, channels, filters]` and `bias` `[filters]`.
    override public func build(inputShape: [Int]) throws {
        _ = try computeOutputShape(inputShape)
        kernel = addWeight(name: "kernel", shape: [kernelSize.0, kernelSize.1, inputShape[2], filters],
                           initializer: kernelInitializer, regularizer: kernelRegularizer)
        if useBias {
            bias = addWeight(name: "bias", shape: [filters], initializer: biasInitializer, regularizer: biasRegularizer)
        }
    }

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

    /// `activation(conv2d(input, kernel, bias))`, the bias (and ReLU) fused into the convolution.
    override public func call(_ input: Tensor, training: Bool) -> Tensor {
        let kernel = built(kernel, "kernel").value
        let bias = useBias ? built(bias, "bias").value : nil
        let fusedReLU = activation == .relu
        let output = conv2d(input, kernel: kernel, bias: bias, strides: strides, padding: padding, relu: fusedReLU)
        return fusedReLU ? output : activation(output)
    }
}
