import DLCore

/// Long short-term memory (Keras `LSTM`; gates i, f, c, o as Keras orders them).
///
/// Shapes: `[batch, steps, features] → [batch, units]` (`[batch, steps, units]` with
/// `returnSequences`); with `returnState`, the final `h` and `c` (`[batch, units]` each) follow.
/// Weights (its `cell`'s): `kernel` `[features, 4u]`, `recurrent_kernel` `[u, 4u]`, `bias` `[4u]`.
/// The input projection of all steps is one GEMM; each step is one batch GEMM and one fused gate pass.
public final class LSTM: RecurrentLayer {
    /// An LSTM of `units` with Keras's defaults (tanh, sigmoid gates, Glorot uniform kernel,
    /// orthogonal recurrent kernel, zero bias with the forget gate's at one).
    /// - Parameters:
    ///   - units: the size of the state (and of each output step).
    ///   - activation: the activation of the candidate state and of the output (Keras: tanh).
    ///   - recurrentActivation: the gates' activation (Keras: sigmoid).
    ///   - useBias: whether the cell has a bias.
    ///   - kernelInitializer: initializes `kernel` `[features, gates · units]`.
    ///   - recurrentInitializer: initializes `recurrent_kernel` `[units, gates · units]` (Keras: orthogonal).
    ///   - biasInitializer: initializes `bias`.
    ///   - unitForgetBias: start the forget gate's bias at 1 (Keras default).
    ///   - kernelRegularizer: a penalty on `kernel` added to the loss.
    ///   - recurrentRegularizer: a penalty on `recurrent_kernel` added to the loss.
    ///   - biasRegularizer: a penalty on `bias` added to the loss.
    ///   - dropout: the fraction of the input's units dropped in training (one mask per call, the same at every step).
    ///   - recurrentDropout: the fraction of the state's units dropped in training before the recurrent product.
    ///   - seed: makes the dropout masks repeatable on their own (else they come from the global generator).
    ///   - returnSequences: output every step's `h` instead of the last one.
    ///   - returnState: add the final `h` and `c` as outputs (use `callOutputs(_:)` in a graph).
    ///   - goBackwards: run the steps last to first.
    ///   - inputShape: the per-sample input shape `[steps, features]` of a first layer.
    ///   - name: the layer's name (Keras's numbering when nil).
    public convenience init(_ units: Int, activation: Activation = .tanh, recurrentActivation: Activation = .sigmoid,
                            useBias: Bool = true, kernelInitializer: Initializer = .glorotUniform,
                            recurrentInitializer: Initializer = .orthogonal, biasInitializer: Initializer = .zeros,
                            unitForgetBias: Bool = true, kernelRegularizer: Regularizer? = nil,
                            recurrentRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil, dropout: Float = 0,
                            recurrentDropout: Float = 0, seed: Int? = nil,
                            returnSequences: Bool = false, returnState: Bool = false, goBackwards: Bool = false,
                            inputShape: [Int]? = nil, name: String? = nil) {
        let settings = RecurrentSettings(units: units, activation: activation, recurrentActivation: recurrentActivation,
                                         useBias: useBias, kernelInitializer: kernelInitializer,
                                         recurrentInitializer: recurrentInitializer, biasInitializer: biasInitializer,
                                         kernelRegularizer: kernelRegularizer, recurrentRegularizer: recurrentRegularizer,
                                         biasRegularizer: biasRegularizer, dropout: dropout,
                                         recurrentDropout: recurrentDropout, seed: seed)
        self.init(settings: settings, unitForgetBias: unitForgetBias, returnSequences: returnSequences,
                  returnState: returnState, goBackwards: goBackwards, inputShape: inputShape, name: name)
    }

    /// An LSTM with the shared recurrent `settings`.
    public init(settings: RecurrentSettings, unitForgetBias: Bool = true, returnSequences: Bool = false,
                returnState: Bool = false, goBackwards: Bool = false, unroll: Bool = false, zeroOutputForMask: Bool = false,
                inputShape: [Int]? = nil, name: String? = nil) {
        super.init(cell: LSTMCell(settings: settings, unitForgetBias: unitForgetBias), returnSequences: returnSequences,
                   returnState: returnState, goBackwards: goBackwards, unroll: unroll, zeroOutputForMask: zeroOutputForMask,
                   inputShape: inputShape, name: name)
    }

    /// Whether the forget gate's bias starts at 1.
    public var unitForgetBias: Bool { (cell as? LSTMCell)?.unitForgetBias ?? true }

    /// Keras's class name.
    override public class var kerasClassName: String { "LSTM" }

    /// Keras's configuration: the RNN keys, the cell's settings and `unit_forget_bias`.
    override public func getConfig() -> LayerConfig {
        recurrentConfig(gated: true, extra: ["unit_forget_bias": .bool(unitForgetBias)])
    }

    /// An LSTM from Keras's configuration.
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown or ill-typed key, or `stateful: true`.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            let flags = try RecurrentFlags(reading: &reader)
            let settings = try RecurrentSettings(reading: &reader, gated: true)
            return LSTM(settings: settings, unitForgetBias: try reader.bool("unit_forget_bias", default: true),
                        returnSequences: flags.returnSequences, returnState: flags.returnState, goBackwards: flags.goBackwards,
                        unroll: flags.unroll, zeroOutputForMask: flags.zeroOutputForMask, inputShape: base.inputShape,
                        name: base.name)
        }
    }
}
