/// A densely connected layer (Keras `Dense`): `activation(x · kernel + bias)`.
///
/// Shapes: `[batch, inputDim] → [batch, units]`; for a higher-rank input it acts on the last axis,
/// as Keras does: `[batch, d1, ..., inputDim] → [batch, d1, ..., units]`.
/// Weights (Keras order): `kernel` `[inputDim, units]`, then `bias` `[units]` when `useBias`.
///
/// A non-positive `units` is reported when the layer is built (a thrown `DLError.invalidArgument`).
public final class Dense: Layer, KernelLayer {
    /// The size of the last output axis.
    public let units: Int
    /// The activation, bias, initializers and regularizers (shared with `Conv1D`/`Conv2D`;
    /// `activation`, `useBias`, ... forward to it).
    public let settings: KernelSettings

    /// The kernel `[inputDim, units]`, once built.
    public private(set) var kernel: Variable?
    /// The bias `[units]`, once built with `useBias`.
    public private(set) var bias: Variable?

    /// A dense layer of `units` outputs.
    /// - Parameters:
    ///   - units: the size of the last output axis (positive).
    ///   - activation: applied after the affine map (default: none).
    ///   - useBias: whether to add a bias (default true).
    ///   - kernelInitializer: how the kernel starts (default Glorot uniform).
    ///   - biasInitializer: how the bias starts (default zeros).
    ///   - kernelRegularizer: a penalty on the kernel, added to the loss (default none).
    ///   - biasRegularizer: a penalty on the bias, added to the loss (default none).
    ///   - inputShape: the per-sample input shape, when this layer starts a `Sequential`.
    ///   - name: the layer's name (default: `dense`, `dense_1`, ...).
    public convenience init(_ units: Int, activation: Activation = .linear, useBias: Bool = true,
                            kernelInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros,
                            kernelRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil,
                            inputShape: [Int]? = nil, name: String? = nil) {
        self.init(units, settings: KernelSettings(activation: activation, useBias: useBias,
                                                  kernelInitializer: kernelInitializer, biasInitializer: biasInitializer,
                                                  kernelRegularizer: kernelRegularizer, biasRegularizer: biasRegularizer),
                  inputShape: inputShape, name: name)
    }

    /// A dense layer of `units` outputs with the shared kernel `settings`.
    public init(_ units: Int, settings: KernelSettings, inputShape: [Int]? = nil, name: String? = nil) {
        self.units = units
        self.settings = settings
        super.init(name: name, inputShape: inputShape)
    }

    /// Keras's configuration: the base keys, `units`, the shared kernel settings and Keras 3.15's
    /// `quantization_config: null`.
    override public func getConfig() -> LayerConfig {
        config(with: settings.configMembers.merging(["units": .int(units), "quantization_config": nil]) { $1 })
    }

    /// A dense layer from Keras's configuration.
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown or ill-typed key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            let units = try reader.int("units")
            let settings = try KernelSettings(reading: &reader)
            return Dense(units, settings: settings, inputShape: base.inputShape, name: base.name)
        }
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "Dense" }

    /// Keras's `supports_masking`: a sequence mask passes through unchanged.
    override public var supportsMasking: Bool { true }

    /// Creates `kernel` `[inputShape.last, units]` and `bias` `[units]`.
    /// - Throws: `DLError.invalidArgument` for `units ≤ 0`; `DLError.shapeMismatch` for a rank-0 input.
    override public func build(inputShape: [Int]) throws {
        _ = try computeOutputShape(inputShape)
        kernel = addWeight(name: "kernel", shape: [inputShape[inputShape.count - 1], units],
                           initializer: kernelInitializer, regularizer: kernelRegularizer)
        if useBias {
            bias = addWeight(name: "bias", shape: [units], initializer: biasInitializer, regularizer: biasRegularizer)
        }
    }

    /// `[d1, ..., inputDim] → [d1, ..., units]`.
    override public func computeOutputShape(_ inputShape: [Int]) throws -> [Int] {
        try require(units > 0, "units must be a positive integer. Received: units=\(units)")
        guard let inputDim = inputShape.last else {
            throw DLError.shapeMismatch(context: errorContext, expected: "rank ≥ 1 [..., inputDim] per sample", received: inputShape)
        }
        try requirePositiveDimensions([inputDim])
        return inputShape.dropLast() + [units]
    }

    /// `activation(x · kernel + bias)` on the last axis. Linear, ReLU, sigmoid and softmax run
    /// in the output pass of the fused `linear` op; other activations follow it.
    override public func call(_ input: Tensor, training: Bool) -> Tensor {
        affine(input, activation: activation)
    }

    /// True with a softmax activation: `callLogits` then gives `x · kernel + bias`.
    override public var providesLogits: Bool { activation == .softmax }

    /// The logits `x · kernel + bias` when the activation is softmax, else nil: training fuses a
    /// softmax output with a cross-entropy loss (as Keras's TensorFlow backend does).
    override public func callLogits(_ input: Tensor, training: Bool) -> Tensor? {
        activation == .softmax ? affine(input, activation: .linear) : nil
    }

    /// `activation(x · kernel + bias)` on the last axis.
    private func affine(_ input: Tensor, activation: Activation) -> Tensor {
        let kernel = built(kernel, "kernel").value
        let bias = useBias ? built(bias, "bias").value : nil
        check(input.rank >= 1 && input.shape[input.rank - 1] == kernel.shape[0],
              "\(errorContext): expected axis -1 of input shape to have value \(kernel.shape[0]), but received input with shape \(input.shape)")
        let fused = activation.fused
        let flatInput = input.rank > 2 ? input.reshaped([input.scalarCount / input.shape[input.rank - 1], input.shape[input.rank - 1]]) : input
        var output = linear(flatInput, kernel, bias, activation: fused ?? .identity)
        if input.rank > 2 { output = output.reshaped(input.shape.dropLast() + [units]) }
        return fused == nil ? activation(output) : output
    }
}

extension Activation {
    /// The same activation as `linear` can fuse into its output pass, if it is one of those.
    var fused: FusedActivation? {
        switch self {
        case .linear: return .identity
        case .relu: return .relu
        case .sigmoid: return .sigmoid
        case .softmax: return .softmax
        default: return nil
        }
    }
}
