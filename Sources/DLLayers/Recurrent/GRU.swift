import DLCore

/// Gated recurrent unit (Keras 3 `GRU`; gates z, r, h as Keras orders them, `resetAfter` by default).
///
/// Shapes: `[batch, steps, features] → [batch, units]` (`[batch, steps, units]` with
/// `returnSequences`); with `returnState`, the final `h` `[batch, units]` follows.
/// Weights (its `cell`'s): `kernel` `[features, 3u]`, `recurrent_kernel` `[u, 3u]`, `bias`
/// `[2, 3u]` (input and recurrent biases) with `resetAfter`, else `[3u]`.
public final class GRU: RecurrentLayer {
    /// A GRU of `units` with Keras's defaults (tanh, sigmoid gates, Glorot uniform kernel,
    /// orthogonal recurrent kernel, zero biases, reset gate after the recurrent product).
    /// - Parameters:
    ///   - units: the size of the state (and of each output step).
    ///   - activation: the activation of the candidate state and of the output (Keras: tanh).
    ///   - recurrentActivation: the gates' activation (Keras: sigmoid).
    ///   - useBias: whether the cell has a bias.
    ///   - kernelInitializer: initializes `kernel` `[features, gates · units]`.
    ///   - recurrentInitializer: initializes `recurrent_kernel` `[units, gates · units]` (Keras: orthogonal).
    ///   - biasInitializer: initializes `bias`.
    ///   - kernelRegularizer: a penalty on `kernel` added to the loss.
    ///   - recurrentRegularizer: a penalty on `recurrent_kernel` added to the loss.
    ///   - biasRegularizer: a penalty on `bias` added to the loss.
    ///   - dropout: the fraction of the input's units dropped in training (one mask per call, the same at every step).
    ///   - recurrentDropout: the fraction of the state's units dropped in training before the recurrent product.
    ///   - seed: makes the dropout masks repeatable on their own (else they come from the global generator).
    ///   - returnSequences: output every step's `h` instead of the last one.
    ///   - returnState: add the final `h` as an output (use `callOutputs(_:)` in a graph).
    ///   - goBackwards: run the steps last to first.
    ///   - resetAfter: Keras 3's (and cuDNN's) convention, true; false is the original GRU's.
    ///   - inputShape: the per-sample input shape `[steps, features]` of a first layer.
    ///   - name: the layer's name (Keras's numbering when nil).
    public convenience init(_ units: Int, activation: Activation = .tanh, recurrentActivation: Activation = .sigmoid,
                            useBias: Bool = true, kernelInitializer: Initializer = .glorotUniform,
                            recurrentInitializer: Initializer = .orthogonal, biasInitializer: Initializer = .zeros,
                            kernelRegularizer: Regularizer? = nil, recurrentRegularizer: Regularizer? = nil,
                            biasRegularizer: Regularizer? = nil, dropout: Float = 0,
                            recurrentDropout: Float = 0, seed: Int? = nil, returnSequences: Bool = false,
                            returnState: Bool = false, goBackwards: Bool = false, resetAfter: Bool = true,
                            inputShape: [Int]? = nil, name: String? = nil) {
        let settings = RecurrentSettings(units: units, activation: activation, recurrentActivation: recurrentActivation,
                                         useBias: useBias, kernelInitializer: kernelInitializer,
                                         recurrentInitializer: recurrentInitializer, biasInitializer: biasInitializer,
                                         kernelRegularizer: kernelRegularizer, recurrentRegularizer: recurrentRegularizer,
                                         biasRegularizer: biasRegularizer, dropout: dropout,
                                         recurrentDropout: recurrentDropout, seed: seed)
        self.init(settings: settings, resetAfter: resetAfter, returnSequences: returnSequences, returnState: returnState,
                  goBackwards: goBackwards, inputShape: inputShape, name: name)
    }

    /// A GRU with the shared recurrent `settings`.
    public init(settings: RecurrentSettings, resetAfter: Bool = true, returnSequences: Bool = false, returnState: Bool = false,
                goBackwards: Bool = false, unroll: Bool = false, zeroOutputForMask: Bool = false,
                inputShape: [Int]? = nil, name: String? = nil) {
        super.init(cell: GRUCell(settings: settings, resetAfter: resetAfter), returnSequences: returnSequences,
                   returnState: returnState, goBackwards: goBackwards, unroll: unroll, zeroOutputForMask: zeroOutputForMask,
                   inputShape: inputShape, name: name)
    }

    /// Whether the reset gate applies after the recurrent product.
    public var resetAfter: Bool { (cell as? GRUCell)?.resetAfter ?? true }

    /// Keras's class name.
    override public class var kerasClassName: String { "GRU" }

    /// Keras's configuration: the RNN keys, the cell's settings and `reset_after`.
    override public func getConfig() -> LayerConfig {
        recurrentConfig(gated: true, extra: ["reset_after": .bool(resetAfter)])
    }

    /// A GRU from Keras's configuration.
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown or ill-typed key, or `stateful: true`.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            let flags = try RecurrentFlags(reading: &reader)
            let settings = try RecurrentSettings(reading: &reader, gated: true)
            return GRU(settings: settings, resetAfter: try reader.bool("reset_after", default: true),
                       returnSequences: flags.returnSequences, returnState: flags.returnState, goBackwards: flags.goBackwards,
                       unroll: flags.unroll, zeroOutputForMask: flags.zeroOutputForMask, inputShape: base.inputShape,
                       name: base.name)
        }
    }
}
