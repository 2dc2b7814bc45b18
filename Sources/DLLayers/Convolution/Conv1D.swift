/// 1-D convolution over sequences (Keras `Conv1D`): `activation(conv1d(x, kernel) + bias)`.
///
/// Shapes: `[batch, steps, channels] → [batch, outSteps, filters]`, where `padding: .valid` gives
/// `⌊(steps − k) / s⌋ + 1` and `.same` gives `⌈steps / s⌉`.
/// Weights (Keras order): `kernel` `[kernelSize, channels, filters]`, then `bias` `[filters]`.
/// It runs as a 2-D convolution over `[batch, 1, steps, channels]`.
///
/// Bad arguments and a kernel longer than the input with `.valid` padding are reported when the
/// layer is built (a thrown `DLError`).
public final class Conv1D: Layer, KernelLayer {
    /// The number of output channels.
    public let filters: Int
    /// The window's length.
    public let kernelSize: Int
    /// The window's step.
    public let strides: Int
    /// `.valid` (no padding) or `.same` (zero padding keeping `⌈steps / s⌉`).
    public let padding: Padding
    /// The activation, bias, initializers and regularizers (shared with `Dense`/`Conv2D`;
    /// `activation`, `useBias`, ... forward to it).
    public let settings: KernelSettings

    /// The kernel `[kernelSize, channels, filters]`, once built.
    public private(set) var kernel: Variable?
    /// The bias `[filters]`, once built with `useBias`.
    public private(set) var bias: Variable?

    /// A 1-D convolution with a window of `kernelSize` steps moved by `strides`.
    /// - Parameters:
    ///   - filters: the number of output channels (positive).
    ///   - kernelSize: the window's length.
    ///   - strides: the window's step (default 1).
    ///   - padding: `.valid` (default) or `.same`.
    ///   - activation: applied to the output (default: none).
    ///   - useBias: whether to add a bias (default true).
    ///   - kernelInitializer: how the kernel starts (default Glorot uniform).
    ///   - biasInitializer: how the bias starts (default zeros).
    ///   - kernelRegularizer: a penalty on the kernel, added to the loss (default none).
    ///   - biasRegularizer: a penalty on the bias, added to the loss (default none).
    ///   - inputShape: the per-sample input shape `[steps, channels]`, when this layer starts a `Sequential`.
    ///   - name: the layer's name (default: `conv1d`, `conv1d_1`, ...).
    public convenience init(_ filters: Int, kernelSize: Int, strides: Int = 1, padding: Padding = .valid,
                            activation: Activation = .linear, useBias: Bool = true,
                            kernelInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros,
                            kernelRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil,
                            inputShape: [Int]? = nil, name: String? = nil) {
        let settings = KernelSettings(activation: activation, useBias: useBias, kernelInitializer: kernelInitializer,
                                      biasInitializer: biasInitializer, kernelRegularizer: kernelRegularizer,
                                      biasRegularizer: biasRegularizer)
        self.init(filters, kernelSize: kernelSize, strides: strides, padding: padding, settings: settings,
                  inputShape: inputShape, name: name)
    }

    /// A 1-D convolution with the shared kernel `settings`.
    public init(_ filters: Int, kernelSize: Int, strides: Int = 1, padding: Padding = .valid,
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
        config(with: ConvolutionConfig(filters: filters, kernelSize: [kernelSize], strides: [strides],
                                       padding: padding, settings: settings).members)
    }

    /// A 1-D convolution from Keras's configuration (`dilation_rate` and `groups` 1, channels-last only).
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown or ill-typed key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            let conv = try ConvolutionConfig(reading: &reader, rank: 1)
            return Conv1D(conv.filters, kernelSize: conv.kernelSize[0], strides: conv.strides[0], padding: conv.padding,
                          settings: conv.settings, inputShape: base.inputShape, name: base.name)
        }
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "Conv1D" }

    /// Creates `kernel` `[kernelSize, channels, filters]` and `bias` `[filters]`.
    override public func build(inputShape: [Int]) throws {
        _ = try computeOutputShape(inputShape)
        kernel = addWeight(name: "kernel", shape: [kernelSize, inputShape[1], filters],
                           initializer: kernelInitializer, regularizer: kernelRegularizer)
        if useBias {
            bias = addWeight(name: "bias", shape: [filters], initializer: biasInitializer, regularizer: biasRegularizer)
        }
    }

    /// `[steps, channels] → [outSteps, filters]`.
    /// - Throws: `DLError.invalidArgument` for bad arguments, `DLError.shapeMismatch` for an input
    ///   that is not rank 2 or shorter than the kernel with `.valid` padding.
    override public func computeOutputShape(_ inputShape: [Int]) throws -> [Int] {
        try require(filters > 0, "filters must be a positive integer. Received: filters=\(filters)")
        try requireRank(inputShape, 2, "[steps, channels]")
        let steps = try windowOutputSizes(spatial: [inputShape[0]], window: [kernelSize], strides: [strides],
                                          padding: padding, inputShape: inputShape, windowName: "kernelSize")
        return steps + [filters]
    }

    /// `activation(conv2d(input as [batch, 1, steps, channels], kernel as [1, k, channels, filters], bias))`;
    /// bias and ReLU are fused into the convolution.
    override public func call(_ input: Tensor, training: Bool) -> Tensor {
        let kernel = built(kernel, "kernel").value
        let bias = useBias ? built(bias, "bias").value : nil
        let (batch, steps, channels) = (input.shape[0], input.shape[1], input.shape[2])
        let images = input.reshaped([batch, 1, steps, channels])
        let output = conv2d(images, kernel: kernel.reshaped([1] + kernel.shape), bias: bias,
                            strides: (1, strides), padding: padding, relu: activation == .relu)
        let sequence = output.reshaped([batch, output.shape[2], filters])
        return activation == .relu ? sequence : activation(sequence)
    }
}
