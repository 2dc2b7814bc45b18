import DLCore

/// A fully connected recurrent layer (Keras `SimpleRNN`): `h_t = tanh(x_t · kernel + h_{t−1} · recurrent_kernel + bias)`.
///
/// Shapes: `[batch, steps, features] → [batch, units]` (`[batch, steps, units]` with
/// `returnSequences`); with `returnState`, the final `h` `[batch, units]` follows as a second output.
/// Weights (its `cell`'s): `kernel` `[features, units]`, `recurrent_kernel` `[units, units]`, `bias` `[units]`.
public final class SimpleRNN: RecurrentLayer {
    /// A SimpleRNN of `units` with Keras's defaults (tanh, Glorot uniform kernel, orthogonal
    /// recurrent kernel, zero bias).
    /// - Parameters:
    ///   - units: the size of the state (and of each output step).
    ///   - activation: the activation of the candidate state and of the output (Keras: tanh).
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
    ///   - returnSequences: output every step's state instead of the last one.
    ///   - returnState: add the final state as an output (use `callOutputs(_:)` in a graph).
    ///   - goBackwards: run the steps last to first.
    ///   - inputShape: the per-sample input shape `[steps, features]` of a first layer.
    ///   - name: the layer's name (Keras's numbering when nil).
    public convenience init(_ units: Int, activation: Activation = .tanh, useBias: Bool = true,
                            kernelInitializer: Initializer = .glorotUniform, recurrentInitializer: Initializer = .orthogonal,
                            biasInitializer: Initializer = .zeros, kernelRegularizer: Regularizer? = nil,
                            recurrentRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil, dropout: Float = 0,
                            recurrentDropout: Float = 0, seed: Int? = nil,
                            returnSequences: Bool = false, returnState: Bool = false, goBackwards: Bool = false,
                            inputShape: [Int]? = nil, name: String? = nil) {
        let settings = RecurrentSettings(units: units, activation: activation, useBias: useBias, kernelInitializer: kernelInitializer,
                                         recurrentInitializer: recurrentInitializer, biasInitializer: biasInitializer,
                                         kernelRegularizer: kernelRegularizer, recurrentRegularizer: recurrentRegularizer,
                                         biasRegularizer: biasRegularizer, dropout: dropout,
                                         recurrentDropout: recurrentDropout, seed: seed)
        self.init(settings: settings, returnSequences: returnSequences, returnState: returnState, goBackwards: goBackwards,
                  inputShape: inputShape, name: name)
    }

    /// A SimpleRNN with the shared recurrent `settings` (its `recurrentActivation` is unused).
    public init(settings: RecurrentSettings, returnSequences: Bool = false, returnState: Bool = false, goBackwards: Bool = false,
                unroll: Bool = false, zeroOutputForMask: Bool = false, inputShape: [Int]? = nil, name: String? = nil) {
        super.init(cell: SimpleRNNCell(settings: settings), returnSequences: returnSequences, returnState: returnState,
                   goBackwards: goBackwards, unroll: unroll, zeroOutputForMask: zeroOutputForMask, inputShape: inputShape, name: name)
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "SimpleRNN" }

    /// Keras's configuration: the RNN keys and the cell's settings.
    override public func getConfig() -> LayerConfig { recurrentConfig(gated: false) }

    /// A SimpleRNN from Keras's configuration.
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown or ill-typed key, or `stateful: true`.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            let flags = try RecurrentFlags(reading: &reader)
            return SimpleRNN(settings: try RecurrentSettings(reading: &reader, gated: false), returnSequences: flags.returnSequences,
                             returnState: flags.returnState, goBackwards: flags.goBackwards, unroll: flags.unroll,
                             zeroOutputForMask: flags.zeroOutputForMask, inputShape: base.inputShape, name: base.name)
        }
    }
}

/// The keys of Keras's `RNN` base configuration, read once for every recurrent layer.
struct RecurrentFlags {
    var returnSequences: Bool, returnState: Bool, goBackwards: Bool, unroll: Bool, zeroOutputForMask: Bool

    /// Reads them; `stateful` must be false (states are not kept between batches here).
    init(reading reader: inout ConfigReader) throws {
        returnSequences = try reader.bool("return_sequences", default: false)
        returnState = try reader.bool("return_state", default: false)
        goBackwards = try reader.bool("go_backwards", default: false)
        unroll = try reader.bool("unroll", default: false)
        zeroOutputForMask = try reader.bool("zero_output_for_mask", default: false)
        if try reader.bool("stateful", default: false) {
            throw reader.valueError("stateful", "stateful recurrent layers are not supported. Received: stateful=true")
        }
        reader.ignore(["time_major", "implementation"])   // Keras 2 keys with no effect here
    }
}
