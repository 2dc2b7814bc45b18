/// The settings `Dense`, `Conv1D` and `Conv2D` share: the activation, the bias, and how the kernel
/// and bias start and are penalized. Each of those layers holds one and forwards its public
/// properties (`dense.activation`, ...) to it; its configuration keys are written and read here once.
public struct KernelSettings: Equatable {
    /// Applied to the layer's affine output.
    public var activation: Activation
    /// Whether the layer adds a bias vector.
    public var useBias: Bool
    /// How the kernel starts (Keras default: Glorot uniform).
    public var kernelInitializer: Initializer
    /// How the bias starts (zeros).
    public var biasInitializer: Initializer
    /// Penalty on the kernel, added to the loss through `regularizationLoss()`.
    public var kernelRegularizer: Regularizer?
    /// Penalty on the bias.
    public var biasRegularizer: Regularizer?

    /// Settings with Keras's defaults for any argument left out.
    public init(activation: Activation = .linear, useBias: Bool = true,
                kernelInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros,
                kernelRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil) {
        self.activation = activation
        self.useBias = useBias
        self.kernelInitializer = kernelInitializer
        self.biasInitializer = biasInitializer
        self.kernelRegularizer = kernelRegularizer
        self.biasRegularizer = biasRegularizer
    }

    /// The settings under Keras's keys (`activation`, `use_bias`, `kernel_initializer`,
    /// `bias_initializer`, `kernel_regularizer`, `bias_regularizer`, and the `null` constraints
    /// Keras writes), to merge into the layer's configuration.
    public var configMembers: [String: LayerConfig] { configMembers(kernel: "kernel") }

    /// The settings under Keras's keys with the kernel's named `kernel` (`depthwise_initializer`,
    /// `pointwise_regularizer`, ... for the depthwise and separable convolutions).
    public func configMembers(kernel: String) -> [String: LayerConfig] {
        [
            "activation": activation.kerasConfig,
            "use_bias": .bool(useBias),
            "\(kernel)_initializer": kernelInitializer.kerasConfig,
            "bias_initializer": biasInitializer.kerasConfig,
            "\(kernel)_regularizer": .regularizer(kernelRegularizer),
            "bias_regularizer": .regularizer(biasRegularizer),
            "\(kernel)_constraint": nil,
            "bias_constraint": nil,
        ]
    }

    /// Reads the settings' keys from a layer's configuration; absent keys take Keras's defaults.
    /// Constraints, quantization and LoRA are not supported: `kernel_constraint`, `bias_constraint`,
    /// `quantization_config`, `lora_rank` and `lora_alpha` (which some Keras 3 versions write) must be `null`.
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an ill-typed or unknown value.
    /// With `kernel`, the kernel's keys are read under that name (`depthwise_initializer`, ...).
    public init(reading reader: inout ConfigReader, kernel: String = "kernel") throws {
        self.init(activation: try reader.activation("activation", default: .linear),
                  useBias: try reader.bool("use_bias", default: true),
                  kernelInitializer: try reader.initializer("\(kernel)_initializer", default: .glorotUniform),
                  biasInitializer: try reader.initializer("bias_initializer", default: .zeros),
                  kernelRegularizer: try reader.regularizer("\(kernel)_regularizer"),
                  biasRegularizer: try reader.regularizer("bias_regularizer"))
        try reader.ignoreIfNull(["\(kernel)_constraint", "bias_constraint", "quantization_config", "lora_rank", "lora_alpha"])
    }
}

/// A layer whose kernel follows `KernelSettings` (`Dense`, `Conv1D`, `Conv2D`): its settings'
/// fields read as the layer's own properties (`dense.activation`, `conv.useBias`, ...).
public protocol KernelLayer: Layer {
    /// The layer's activation, bias, initializers and regularizers.
    var settings: KernelSettings { get }
}

extension KernelLayer {
    /// Applied to the affine output (`x · kernel + bias`, or the convolution plus bias).
    public var activation: Activation { settings.activation }
    /// Whether the layer adds a bias vector.
    public var useBias: Bool { settings.useBias }
    /// How the kernel starts (Keras default: Glorot uniform).
    public var kernelInitializer: Initializer { settings.kernelInitializer }
    /// How the bias starts (zeros).
    public var biasInitializer: Initializer { settings.biasInitializer }
    /// Penalty on the kernel, added to the loss through `regularizationLoss()`.
    public var kernelRegularizer: Regularizer? { settings.kernelRegularizer }
    /// Penalty on the bias.
    public var biasRegularizer: Regularizer? { settings.biasRegularizer }
}
