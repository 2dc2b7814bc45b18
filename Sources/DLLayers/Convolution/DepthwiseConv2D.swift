/// Depthwise 2-D convolution over channels-last images (Keras `DepthwiseConv2D`): each input
/// channel is convolved with its own `depthMultiplier` kernels, `activation(depthwiseConv2d(x, kernel) + bias)`.
///
/// Shapes: `[batch, height, width, channels] → [batch, outHeight, outWidth, channels · depthMultiplier]`,
/// output channel `c · depthMultiplier + m`; `padding: .valid` gives `⌊(in − k) / s⌋ + 1`, `.same` gives `⌈in / s⌉`.
/// Weights (Keras order and names): `kernel` `[kernelHeight, kernelWidth, channels, depthMultiplier]`,
/// then `bias` `[channels · depthMultiplier]`. The settings' kernel initializer and regularizer are
/// Keras's `depthwise_initializer` and `depthwise_regularizer`.
///
/// Bad arguments (non-positive kernel size, strides or multiplier) and a kernel larger than the
/// input with `.valid` padding are reported when the layer is built (a thrown `DLError`).
public final class DepthwiseConv2D: Layer, KernelLayer {
    /// The window's (height, width).
    public let kernelSize: (Int, Int)
    /// The window's steps along (height, width).
    public let strides: (Int, Int)
    /// `.valid` (no padding) or `.same` (zero padding keeping `⌈in / s⌉`).
    public let padding: Padding
    /// The output channels per input channel.
    public let depthMultiplier: Int
    /// The activation, bias, and the depthwise kernel's initializer and regularizer.
    public let settings: KernelSettings

    /// The depthwise kernel `[kernelHeight, kernelWidth, channels, depthMultiplier]`, once built.
    public private(set) var kernel: Variable?
    /// The bias `[channels · depthMultiplier]`, once built with `useBias`.
    public private(set) var bias: Variable?

    /// How the depthwise kernel starts (Keras's `depthwise_initializer`, default Glorot uniform).
    public var depthwiseInitializer: Initializer { settings.kernelInitializer }
    /// Penalty on the depthwise kernel (Keras's `depthwise_regularizer`).
    public var depthwiseRegularizer: Regularizer? { settings.kernelRegularizer }

    /// A depthwise convolution with a `kernelSize × kernelSize` window moved by `strides` both ways.
    /// - Parameters:
    ///   - kernelSize: the window's height and width.
    ///   - strides: the step both ways (default 1).
    ///   - padding: `.valid` (default) or `.same`.
    ///   - depthMultiplier: the output channels per input channel (default 1).
    ///   - activation: applied to the output (default: none).
    ///   - useBias: whether to add a bias (default true).
    ///   - depthwiseInitializer: how the depthwise kernel starts (default Glorot uniform).
    ///   - biasInitializer: how the bias starts (default zeros).
    ///   - depthwiseRegularizer: a penalty on the depthwise kernel, added to the loss (default none).
    ///   - biasRegularizer: a penalty on the bias, added to the loss (default none).
    ///   - inputShape: the per-sample input shape `[height, width, channels]`, when this layer starts a `Sequential`.
    ///   - name: the layer's name (default: `depthwise_conv2d`, `depthwise_conv2d_1`, ...).
    public convenience init(kernelSize: Int, strides: Int = 1, padding: Padding = .valid, depthMultiplier: Int = 1,
                            activation: Activation = .linear, useBias: Bool = true,
                            depthwiseInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros,
                            depthwiseRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil,
                            inputShape: [Int]? = nil, name: String? = nil) {
        self.init(kernelSize: (kernelSize, kernelSize), strides: (strides, strides), padding: padding,
                  depthMultiplier: depthMultiplier, activation: activation, useBias: useBias,
                  depthwiseInitializer: depthwiseInitializer, biasInitializer: biasInitializer,
                  depthwiseRegularizer: depthwiseRegularizer, biasRegularizer: biasRegularizer,
                  inputShape: inputShape, name: name)
    }

    /// A depthwise convolution with a `(height, width)` window and `(height, width)` strides.
    public convenience init(kernelSize: (Int, Int), strides: (Int, Int) = (1, 1), padding: Padding = .valid,
                            depthMultiplier: Int = 1, activation: Activation = .linear, useBias: Bool = true,
                            depthwiseInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros,
                            depthwiseRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil,
                            inputShape: [Int]? = nil, name: String? = nil) {
        self.init(kernelSize: kernelSize, strides: strides, padding: padding, depthMultiplier: depthMultiplier,
                  settings: KernelSettings(activation: activation, useBias: useBias, kernelInitializer: depthwiseInitializer,
                                           biasInitializer: biasInitializer, kernelRegularizer: depthwiseRegularizer,
                                           biasRegularizer: biasRegularizer),
                  inputShape: inputShape, name: name)
    }

    /// A depthwise convolution with the shared kernel `settings` (the kernel's are the depthwise kernel's).
    public init(kernelSize: (Int, Int), strides: (Int, Int) = (1, 1), padding: Padding = .valid, depthMultiplier: Int = 1,
                settings: KernelSettings, inputShape: [Int]? = nil, name: String? = nil) {
        self.kernelSize = kernelSize
        self.strides = strides
        self.padding = padding
        self.depthMultiplier = depthMultiplier
        self.settings = settings
        super.init(name: name, inputShape: inputShape)
    }

    /// Keras's configuration: the base keys, the window's and the settings' (`depthwise_initializer`, ...).
    override public func getConfig() -> LayerConfig {
        let window = DepthwiseWindowConfig(kernelSize: [kernelSize.0, kernelSize.1], strides: [strides.0, strides.1],
                                           padding: padding, depthMultiplier: depthMultiplier)
        return config(with: settings.configMembers(kernel: "depthwise").merging(window.members) { $1 })
    }

    /// A depthwise convolution from Keras's configuration (`dilation_rate` 1, channels-last only).
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown or ill-typed key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            let window = try DepthwiseWindowConfig(reading: &reader)
            let settings = try KernelSettings(reading: &reader, kernel: "depthwise")
            return DepthwiseConv2D(kernelSize: (window.kernelSize[0], window.kernelSize[1]),
                                   strides: (window.strides[0], window.strides[1]), padding: window.padding,
                                   depthMultiplier: window.depthMultiplier, settings: settings,
                                   inputShape: base.inputShape, name: base.name)
        }
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "DepthwiseConv2D" }

    /// Creates `kernel` `[kh, kw, channels, depthMultiplier]` and `bias` `[channels · depthMultiplier]`.
    override public func build(inputShape: [Int]) throws {
        let output = try computeOutputShape(inputShape)
        kernel = addWeight(name: "kernel", shape: [kernelSize.0, kernelSize.1, inputShape[2], depthMultiplier],
                           initializer: kernelInitializer, regularizer: kernelRegularizer)
        if useBias {
            bias = addWeight(name: "bias", shape: [output[2]], initializer: biasInitializer, regularizer: biasRegularizer)
        }
    }

    /// `[height, width, channels] → [outHeight, outWidth, channels · depthMultiplier]`.
    /// - Throws: `DLError.invalidArgument` for bad arguments, `DLError.shapeMismatch` for an input
    ///   that is not rank 3 or smaller than the kernel with `.valid` padding.
    override public func computeOutputShape(_ inputShape: [Int]) throws -> [Int] {
        try depthwiseOutputShape(inputShape, kernelSize: kernelSize, strides: strides, padding: padding,
                                 depthMultiplier: depthMultiplier)
    }

    /// `activation(depthwiseConv2d(input, kernel, bias))`.
    override public func call(_ input: Tensor, training: Bool) -> Tensor {
        let kernel = built(kernel, "kernel").value
        let bias = useBias ? built(bias, "bias").value : nil
        return activation(depthwiseConv2d(input, kernel: kernel, bias: bias, strides: strides, padding: padding))
    }
}
