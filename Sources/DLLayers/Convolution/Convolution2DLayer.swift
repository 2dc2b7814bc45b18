/// What `Conv2D` and `Conv2DTranspose` share (Keras's `BaseConv`): the window (filters, kernel
/// size, strides, padding), the kernel settings, the `kernel` and `bias` weights, the public
/// initializers, the configuration pair and the fused call. A subclass gives its Keras class
/// name, its kernel's shape, its output-shape rule and its op.
public class Convolution2DLayer: Layer, KernelLayer {
    /// The number of output channels.
    public let filters: Int
    /// The window's (height, width).
    public let kernelSize: (Int, Int)
    /// The window's steps along (height, width).
    public let strides: (Int, Int)
    /// `.valid` or `.same` (see the subclass for its output-size rule).
    public let padding: Padding
    /// The activation, bias, initializers and regularizers (shared with `Dense`/`Conv1D`;
    /// `activation`, `useBias`, ... forward to it).
    public let settings: KernelSettings

    /// The kernel (its shape is the subclass's `kernelShape(channels:)`), once built.
    public internal(set) var kernel: Variable?
    /// The bias `[filters]`, once built with `useBias`.
    public internal(set) var bias: Variable?

    /// A convolution with a `kernelSize × kernelSize` window moved by `strides` both ways.
    /// - Parameters:
    ///   - filters: the number of output channels (positive).
    ///   - kernelSize: the window's height and width.
    ///   - strides: the step both ways (default 1).
    ///   - padding: `.valid` (default) or `.same`.
    ///   - activation: applied to the output (default: none).
    ///   - useBias: whether to add a bias (default true).
    ///   - kernelInitializer: how the kernel starts (default Glorot uniform).
    ///   - biasInitializer: how the bias starts (default zeros).
    ///   - kernelRegularizer: a penalty on the kernel, added to the loss (default none).
    ///   - biasRegularizer: a penalty on the bias, added to the loss (default none).
    ///   - inputShape: the per-sample input shape `[height, width, channels]`, when this layer starts a `Sequential`.
    ///   - name: the layer's name (default: Keras's, `conv2d`, `conv2d_1`, ...).
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

    /// A convolution with a `(height, width)` window moved by `strides` both ways.
    public convenience init(_ filters: Int, kernelSize: (Int, Int), strides: Int, padding: Padding = .valid,
                            activation: Activation = .linear, useBias: Bool = true,
                            kernelInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros,
                            kernelRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil,
                            inputShape: [Int]? = nil, name: String? = nil) {
        self.init(filters, kernelSize: kernelSize, strides: (strides, strides), padding: padding,
                  activation: activation, useBias: useBias, kernelInitializer: kernelInitializer,
                  biasInitializer: biasInitializer, kernelRegularizer: kernelRegularizer,
                  biasRegularizer: biasRegularizer, inputShape: inputShape, name: name)
    }

    /// A convolution with a `kernelSize × kernelSize` window and `(height, width)` strides.
    public convenience init(_ filters: Int, kernelSize: Int, strides: (Int, Int), padding: Padding = .valid,
                            activation: Activation = .linear, useBias: Bool = true,
                            kernelInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros,
                            kernelRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil,
                            inputShape: [Int]? = nil, name: String? = nil) {
        self.init(filters, kernelSize: (kernelSize, kernelSize), strides: strides, padding: padding,
                  activation: activation, useBias: useBias, kernelInitializer: kernelInitializer,
                  biasInitializer: biasInitializer, kernelRegularizer: kernelRegularizer,
                  biasRegularizer: biasRegularizer, inputShape: inputShape, name: name)
    }

    /// A convolution with a `(height, width)` window and `(height, width)` strides.
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

    /// A convolution with the shared kernel `settings`.
    public required init(_ filters: Int, kernelSize: (Int, Int), strides: (Int, Int) = (1, 1), padding: Padding = .valid,
                         settings: KernelSettings, inputShape: [Int]? = nil, name: String? = nil) {
        self.filters = filters
        self.kernelSize = kernelSize
        self.strides = strides
        self.padding = padding
        self.settings = settings
        super.init(name: name, inputShape: inputShape)
    }

    // MARK: - The subclass's part

    /// The kernel's shape for inputs of `channels` channels.
    func kernelShape(channels: Int) -> [Int] {
        trap("\(errorContext) does not give its kernel's shape")
    }

    /// Runs the subclass's op: `input`, the kernel (read from `kernelVariable`, which may keep
    /// values derived from it between calls), the bias (nil without), and whether ReLU is fused.
    func convolve(_ input: Tensor, kernel: Tensor, of kernelVariable: Variable, bias: Tensor?, relu: Bool) -> Tensor {
        trap("\(errorContext) does not give its op")
    }

    /// The configuration keys beyond the convolution's (Conv2DTranspose: no `groups`, `output_padding: null`).
    func adjustConfig(_ members: inout [String: LayerConfig]) {}

    /// Reads the configuration keys beyond the convolution's.
    class func readExtraConfig(_ reader: inout ConfigReader) throws {}

    // MARK: - Shared

    /// Keras's configuration: the base keys and the convolution's (see `ConvolutionConfig`).
    override public func getConfig() -> LayerConfig {
        var members = ConvolutionConfig(filters: filters, kernelSize: [kernelSize.0, kernelSize.1],
                                        strides: [strides.0, strides.1], padding: padding, settings: settings).members
        adjustConfig(&members)
        return config(with: members)
    }

    /// A layer of this class from Keras's configuration (`dilation_rate` and `groups` 1, channels-last only).
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown, ill-typed or unsupported key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            let conv = try ConvolutionConfig(reading: &reader, rank: 2)
            try readExtraConfig(&reader)
            return self.init(conv.filters, kernelSize: (conv.kernelSize[0], conv.kernelSize[1]),
                             strides: (conv.strides[0], conv.strides[1]), padding: conv.padding,
                             settings: conv.settings, inputShape: base.inputShape, name: base.name)
        }
    }

    /// Creates `kernel` (`kernelShape(channels:)`) and `bias` `[filters]`.
    override public func build(inputShape: [Int]) throws {
        _ = try computeOutputShape(inputShape)
        kernel = addWeight(name: "kernel", shape: kernelShape(channels: inputShape[2]),
                           initializer: kernelInitializer, regularizer: kernelRegularizer)
        if useBias {
            bias = addWeight(name: "bias", shape: [filters], initializer: biasInitializer, regularizer: biasRegularizer)
        }
    }

    /// `activation(op(input, kernel, bias))`, the bias (and ReLU) fused into the op.
    override public func call(_ input: Tensor, training: Bool) -> Tensor {
        let kernelVariable = built(kernel, "kernel")
        let bias = useBias ? built(bias, "bias").value : nil
        let fusedReLU = activation == .relu
        let output = convolve(input, kernel: kernelVariable.value, of: kernelVariable, bias: bias, relu: fusedReLU)
        return fusedReLU ? output : activation(output)
    }
}
