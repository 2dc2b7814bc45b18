import DLCore

/// The settings `SimpleRNN`, `LSTM` and `GRU` (and their cells) share, with Keras's defaults:
/// the activations, the bias, how the kernel, recurrent kernel and bias start and are penalized,
/// and the dropout rates. Their configuration keys are written and read here once.
public struct RecurrentSettings: Equatable {
    /// The size of the hidden state (and of the output's last axis).
    public var units: Int
    /// The candidate / output activation (Keras default tanh).
    public var activation: Activation
    /// The gates' activation (Keras default sigmoid; SimpleRNN has none).
    public var recurrentActivation: Activation
    /// Whether the cell adds biases.
    public var useBias: Bool
    /// How the input kernel starts (Glorot uniform).
    public var kernelInitializer: Initializer
    /// How the recurrent kernel starts (orthogonal).
    public var recurrentInitializer: Initializer
    /// How the bias starts (zeros).
    public var biasInitializer: Initializer
    /// Penalties on the kernel, the recurrent kernel and the bias.
    public var kernelRegularizer: Regularizer?, recurrentRegularizer: Regularizer?, biasRegularizer: Regularizer?
    /// Keras's `dropout` and `recurrent_dropout` rates, in `[0, 1)` (checked when built), applied
    /// in training only (see `RecurrentCell+Dropout.swift`).
    public var dropout: Float, recurrentDropout: Float
    /// Keras's `seed` of the dropout masks (written by LSTM and GRU; Keras's SimpleRNN does not write it).
    public var seed: Int?

    /// Settings with Keras's defaults for any argument left out.
    public init(units: Int, activation: Activation = .tanh, recurrentActivation: Activation = .sigmoid, useBias: Bool = true,
                kernelInitializer: Initializer = .glorotUniform, recurrentInitializer: Initializer = .orthogonal,
                biasInitializer: Initializer = .zeros, kernelRegularizer: Regularizer? = nil,
                recurrentRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil,
                dropout: Float = 0, recurrentDropout: Float = 0, seed: Int? = nil) {
        self.units = units
        self.activation = activation
        self.recurrentActivation = recurrentActivation
        self.useBias = useBias
        self.kernelInitializer = kernelInitializer
        self.recurrentInitializer = recurrentInitializer
        self.biasInitializer = biasInitializer
        self.kernelRegularizer = kernelRegularizer
        self.recurrentRegularizer = recurrentRegularizer
        self.biasRegularizer = biasRegularizer
        self.dropout = dropout
        self.recurrentDropout = recurrentDropout
        self.seed = seed
    }

    /// The settings under Keras's keys (with the `null` constraints Keras writes); `gated` adds
    /// `recurrent_activation` and `seed` (LSTM and GRU; SimpleRNN writes neither).
    public func configMembers(gated: Bool) -> [String: LayerConfig] {
        var members: [String: LayerConfig] = [
            "units": .int(units), "activation": activation.kerasConfig, "use_bias": .bool(useBias),
            "kernel_initializer": kernelInitializer.kerasConfig, "recurrent_initializer": recurrentInitializer.kerasConfig,
            "bias_initializer": biasInitializer.kerasConfig, "kernel_regularizer": .regularizer(kernelRegularizer),
            "recurrent_regularizer": .regularizer(recurrentRegularizer), "bias_regularizer": .regularizer(biasRegularizer),
            "activity_regularizer": nil, "kernel_constraint": nil, "recurrent_constraint": nil, "bias_constraint": nil,
            "dropout": .float(dropout), "recurrent_dropout": .float(recurrentDropout),
        ]
        if gated {
            members["recurrent_activation"] = recurrentActivation.kerasConfig
            members["seed"] = seed.map { .int($0) } ?? .null
        }
        return members
    }

    /// Reads the settings' keys from a layer's configuration; absent keys take Keras's defaults.
    /// Constraints must be `null` (they are not applied here).
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for a missing, ill-typed or unknown value.
    public init(reading reader: inout ConfigReader, gated: Bool) throws {
        self.init(units: try reader.int("units"),
                  activation: try reader.activation("activation", default: .tanh),
                  recurrentActivation: gated ? try reader.activation("recurrent_activation", default: .sigmoid) : .sigmoid,
                  useBias: try reader.bool("use_bias", default: true),
                  kernelInitializer: try reader.initializer("kernel_initializer", default: .glorotUniform),
                  recurrentInitializer: try reader.initializer("recurrent_initializer", default: .orthogonal),
                  biasInitializer: try reader.initializer("bias_initializer", default: .zeros),
                  kernelRegularizer: try reader.regularizer("kernel_regularizer"),
                  recurrentRegularizer: try reader.regularizer("recurrent_regularizer"),
                  biasRegularizer: try reader.regularizer("bias_regularizer"),
                  dropout: try reader.float("dropout", default: 0),
                  recurrentDropout: try reader.float("recurrent_dropout", default: 0),
                  seed: gated ? try reader.optionalInt("seed") : nil)
        try reader.ignoreIfNull(["kernel_constraint", "recurrent_constraint", "bias_constraint"])
    }
}

extension Activation {
    /// The same activation as the fused recurrent kernels run it, if they know it (tanh, sigmoid,
    /// hard sigmoid, ReLU, linear).
    var cellActivation: CellActivation? {
        switch self {
        case .tanh: return .tanh
        case .sigmoid: return .sigmoid
        case .hardSigmoid: return .hardSigmoid
        case .relu: return .relu
        case .linear: return .linear
        default: return nil
        }
    }
}
