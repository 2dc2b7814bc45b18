/// Depthwise-separable 2-D convolution over channels-last images (Keras `SeparableConv2D`): a
/// depthwise convolution (each channel with its own `depthMultiplier` kernels, no bias) followed
/// by a 1×1 convolution to `filters` channels, then the bias and the activation.
///
/// Shapes: `[batch, height, width, channels] → [batch, outHeight, outWidth, filters]`, where
/// `padding: .valid` gives `⌊(in − k) / s⌋ + 1` and `.same` gives `⌈in / s⌉` (the window and the
/// strides are the depthwise step's). Weights (Keras order and names): `depthwise_kernel`
/// `[kernelHeight, kernelWidth, channels, depthMultiplier]`, `pointwise_kernel`
/// `[1, 1, channels · depthMultiplier, filters]`, then `bias` `[filters]`. The settings' kernel
/// initializer and regularizer are the pointwise kernel's (Keras's `pointwise_initializer`, ...).
///
/// Bad arguments (non-positive filters, kernel size, strides or multiplier) and a kernel larger
/// than the input with `.valid` padding are reported when the layer is built (a thrown `DLError`).
public final class SeparableConv2D: Layer, KernelLayer {
    /// The number of output channels.
    public let filters: Int
    /// The depthwise window's (height, width).
    public let kernelSize: (Int, Int)
    /// The depthwise window's steps along (height, width).
    public let strides: (Int, Int)
    /// `.valid` (no padding) or `.same` (zero padding keeping `⌈in / s⌉`).
    public let padding: Padding
    /// The depthwise step's output channels per input channel.
    public let depthMultiplier: Int
    /// How the depthwise kernel starts (Keras's `depthwise_initializer`, default Glorot uniform).
    public let depthwiseInitializer: Initializer
    /// Penalty on the depthwise kernel (Keras's `depthwise_regularizer`).
    public let depthwiseRegularizer: Regularizer?
    /// The activation, the bias and the pointwise kernel's initializer and regularizer.
    public let settings: KernelSettings

    /// The depthwise kernel `[kernelHeight, kernelWidth, channels, depthMultiplier]`, once built.
    public private(set) var depthwiseKernel: Variable?
    /// The pointwise kernel `[1, 1, channels · depthMultiplier, filters]`, once built.
    public private(set) var pointwiseKernel: Variable?
    /// The bias `[filters]`, once built with `useBias`.
    public private(set) var bias: Variable?

    /// How the pointwise kernel starts (Keras's `pointwise_initializer`).
    public var pointwiseInitializer: Initializer { settings.kernelInitializer }
    /// Penalty on the pointwise kernel (Keras's `pointwise_regularizer`).
    public var pointwiseRegularizer: Regularizer? { settings.kernelRegularizer }

    /// A separable convolution with a `kernelSize × kernelSize` depthwise window moved by `strides` both ways.
    /// - Parameters:
    ///   - filters: the number of output channels (positive).
    ///   - kernelSize: the depthwise window's height and width.
    ///   - strides: the step both ways (default 1).
    ///   - padding: `.valid` (default) or `.same`.
    ///   - depthMultiplier: the depthwise step's output channels per input channel (default 1).
    ///   - activation: applied to the output (default: none).
    ///   - useBias: whether to add a bias (default true).
    ///   - depthwiseInitializer: how the depthwise kernel starts (default Glorot uniform).
    ///   - pointwiseInitializer: how the pointwise (1×1) kernel starts (default Glorot uniform).
    ///   - biasInitializer: how the bias starts (default zeros).
    ///   - depthwiseRegularizer: a penalty on the depthwise kernel, added to the loss (default none).
    ///   - pointwiseRegularizer: a penalty on the pointwise kernel, added to the loss (default none).
    ///   - biasRegularizer: a penalty on the bias, added to the loss (default none).
    ///   - inputShape: the per-sample input shape `[height, width, channels]`, when this layer starts a `Sequential`.
    ///   - name: the layer's name (default: `separable_conv2d`, `separable_conv2d_1`, ...).
    public convenience init(_ filters: Int, kernelSize: Int, strides: Int = 1, padding: Padding = .valid,
                            depthMultiplier: Int = 1, activation: Activation = .linear, useBias: Bool = true,
                            depthwiseInitializer: Initializer = .glorotUniform, pointwiseInitializer: Initializer = .glorotUniform,
                            biasInitializer: Initializer = .zeros, depthwiseRegularizer: Regularizer? = nil,
                            pointwiseRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil,
                            inputShape: [Int]? = nil, name: String? = nil) {
        self.init(filters, kernelSize: (kernelSize, kernelSize), strides: (strides, strides), padding: padding,
                  depthMultiplier: depthMultiplier, activation: activation, useBias: useBias,
                  depthwiseInitializer: depthwiseInitializer, pointwiseInitializer: pointwiseInitializer,
                  biasInitializer: biasInitializer, depthwiseRegularizer: depthwiseRegularizer,
                  pointwiseRegularizer: pointwiseRegularizer, biasRegularizer: biasRegularizer,
                  inputShape: inputShape, name: name)
    }

    /// A separable convolution with a `(height, width)` depthwise window and `(height, width)` strides.
    public convenience init(_ filters: Int, kernelSize: (Int, Int), strides: (Int, Int) = (1, 1), padding: Padding = .valid,
                            depthMultiplier: Int = 1, activation: Activation = .linear, useBias: Bool = true,
                            depthwiseInitializer: Initializer = .glorotUniform, pointwiseInitializer: Initializer = .glorotUniform,
                            biasInitializer: Initializer = .zeros, depthwiseRegularizer: Regularizer? = nil,
                            pointwiseRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil,
                            inputShape: [Int]? = nil, name: String? = nil) {
        self.init(filters, kernelSize: kernelSize, strides: strides, padding: padding,
                  depthMultiplier: depthMultiplier, depthwiseInitializer: depthwiseInitializer,
                  depthwiseRegularizer: depthwiseRegularizer,
                  settings: KernelSettings(activation: activation, useBias: useBias, kernelInitializer: pointwiseInitializer,
                                           biasInitializer: biasInitializer, kernelRegularizer: pointwiseRegularizer,
                                           biasRegularizer: biasRegularizer),
                  inputShape: inputShape, name: name)
    }

    /// A separable convolution with a `(height, width)` window, `(height, width)` strides, the
    /// depthwise kernel's initializer and regularizer, and the shared `settings` (whose kernel's are the pointwise kernel's).
    public init(_ filters: Int, kernelSize: (Int, Int), strides: (Int, Int) = (1, 1), padding: Padding = .valid,
                depthMultiplier: Int = 1, depthwiseInitializer: Initializer = .glorotUniform,
                depthwiseRegularizer: Regularizer? = nil, settings: KernelSettings,
                inputShape: [Int]? = nil, name: String? = nil) {
        self.filters = filters
        self.kernelSize = kernelSize
        self.strides = strides
        self.padding = padding
        self.depthMultiplier = depthMultiplier
        self.depthwiseInitializer = depthwiseInitializer
        self.depthwiseRegularizer = depthwiseRegularizer
        self.settings = settings
        super.init(name: name, inputShape: inputShape)
    }

    /// Keras's configuration: the base keys, `filters`, the window's, the depthwise kernel's and the
    /// settings' (`pointwise_initializer`, ...).
    override public func getConfig() -> LayerConfig {
        let window = DepthwiseWindowConfig(kernelSize: [kernelSize.0, kernelSize.1], strides: [strides.0, strides.1],
                                           padding: padding, depthMultiplier: depthMultiplier)
        let depthwise: [String: LayerConfig] = [
            "filters": .int(filters), "depthwise_initializer": depthwiseInitializer.kerasConfig,
            "depthwise_regularizer": .regularizer(depthwiseRegularizer), "depthwise_constraint": nil,
        ]
        return config(with: settings.configMembers(kernel: "pointwise").merging(window.members) { $1 }.merging(depthwise) { $1 })
    }

    /// A separable convolution from Keras's configuration (`dilation_rate` 1, channels-last only).
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown or ill-typed key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            let filters = try reader.int("filters")
            let window = try DepthwiseWindowConfig(reading: &reader)
            let depthwiseInitializer = try reader.initializer("depthwise_initializer", default: .glorotUniform)
            let depthwiseRegularizer = try reader.regularizer("depthwise_regularizer")
            try reader.ignoreIfNull(["depthwise_constraint"])
            let settings = try KernelSettings(reading: &reader, kernel: "pointwise")
            return SeparableConv2D(filters, kernelSize: (window.kernelSize[0], window.kernelSize[1]),
                                   strides: (window.strides[0], window.strides[1]), padding: window.padding,
                                   depthMultiplier: window.depthMultiplier, depthwiseInitializer: depthwiseInitializer,
                                   depthwiseRegularizer: depthwiseRegularizer, settings: settings,
                                   inputShape: base.inputShape, name: base.name)
        }
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "SeparableConv2D" }

    /// Creates `depthwise_kernel`, `pointwise_kernel` and `bias`.
    override public func build(inputShape: [Int]) throws {
        _ = try computeOutputShape(inputShape)
        let channels = inputShape[2]
        depthwiseKernel = addWeight(name: "depthwise_kernel", shape: [kernelSize.0, kernelSize.1, channels, depthMultiplier],
                                    initializer: depthwiseInitializer, regularizer: depthwiseRegularizer)
        pointwiseKernel = addWeight(name: "pointwise_kernel", shape: [1, 1, channels * depthMultiplier, filters],
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
        let depthwise = try depthwiseOutputShape(inputShape, kernelSize: kernelSize, strides: strides, padding: padding,
                                                 depthMultiplier: depthMultiplier)
        return [depthwise[0], depthwise[1], filters]
    }

    /// `activation(conv2d(depthwiseConv2d(input, depthwiseKernel), pointwiseKernel, bias))`, the
    /// pointwise step a 1×1 convolution (one GEMM) with the bias (and ReLU) fused.
    override public func call(_ input: Tensor, training: Bool) -> Tensor {
        let depthwise = depthwiseConv2d(input, kernel: built(depthwiseKernel, "depthwise_kernel").value,
                                        strides: strides, padding: padding)
        let bias = useBias ? built(bias, "bias").value : nil
        let fusedReLU = activation == .relu
        let output = conv2d(depthwise, kernel: built(pointwiseKernel, "pointwise_kernel").value, bias: bias, relu: fusedReLU)
        return fusedReLU ? output : activation(output)
    }
}
