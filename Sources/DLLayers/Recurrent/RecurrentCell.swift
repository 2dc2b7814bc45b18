import DLCore

/// The weights and step function of a recurrent layer (Keras's `SimpleRNNCell`, `LSTMCell`,
/// `GRUCell`), which the layer (`SimpleRNN`, `LSTM`, `GRU`) owns as its `cell`, as Keras 3 does:
/// the weights live in the cell (saved under `<layer>/cell/vars` in `.weights.h5`, named
/// `lstm_cell/kernel` in legacy `.h5` files).
///
/// Weights (Keras order): `kernel` `[features, gates·units]`, `recurrent_kernel`
/// `[units, gates·units]`, then `bias` (`[gates·units]`; GRU with `resetAfter`: `[2, 3·units]`).
/// Called on its own (`[batch, features] → [batch, units]`) a cell runs one step from zero states.
public class RecurrentCell: Layer {
    /// The activations, bias, initializers, regularizers and dropout rates.
    public let settings: RecurrentSettings
    /// The input kernel, recurrent kernel and bias, once built.
    public private(set) var kernel: Variable?, recurrentKernel: Variable?, bias: Variable?
    /// The generator of the dropout masks with a `seed` (nil: the global one).
    var dropoutGenerator: SplitMix64?

    init(cellSettings settings: RecurrentSettings, name: String) {
        self.settings = settings
        dropoutGenerator = settings.seed.map { SplitMix64(seed: UInt64(bitPattern: Int64($0))) }
        super.init(name: name)
    }

    /// The number of gate blocks in the kernels' last axis (1, 4 or 3).
    var gates: Int { 1 }
    /// The bias's shape for `units`.
    var biasShape: [Int] { [gates * settings.units] }
    /// The bias's first value (LSTM's `unit_forget_bias` overrides it).
    func initialBias() -> Tensor { settings.biasInitializer.make(biasShape) }

    /// The number of the units.
    public var units: Int { settings.units }

    /// The cell's activations as the fused kernels run them.
    /// - Throws: `DLError.invalidArgument` for an activation the recurrent kernels do not have.
    func cellActivations() throws -> (activation: CellActivation, recurrent: CellActivation) {
        guard let activation = settings.activation.cellActivation, let recurrent = settings.recurrentActivation.cellActivation else {
            throw DLError.invalidArgument(context: errorContext, message: "the recurrent kernels run tanh, sigmoid, hard_sigmoid, "
                + "relu and linear activations. Received: activation=\(settings.activation.kerasName), "
                + "recurrent_activation=\(settings.recurrentActivation.kerasName)")
        }
        return (activation, recurrent)
    }

    /// Creates `kernel`, `recurrent_kernel` and `bias` for inputs of `[features]` per step.
    /// - Throws: `DLError.invalidArgument` for `units ≤ 0`, a dropout rate outside `[0, 1)` or an
    ///   unsupported activation; `DLError.shapeMismatch` for another input shape.
    override public func build(inputShape: [Int]) throws {
        try require(units > 0, "units must be a positive integer. Received: units=\(units)")
        for (key, rate) in [("dropout", settings.dropout), ("recurrent_dropout", settings.recurrentDropout)] {
            try require(rate >= 0 && rate < 1, "\(key) must be a float in [0, 1). Received: \(key)=\(rate)")
        }
        _ = try cellActivations()
        guard inputShape.count == 1, inputShape[0] > 0 else {
            throw DLError.shapeMismatch(context: errorContext, expected: "[features] per step", received: inputShape)
        }
        let width = gates * units
        kernel = addWeight(name: "kernel", shape: [inputShape[0], width], initializer: settings.kernelInitializer,
                           regularizer: settings.kernelRegularizer)
        recurrentKernel = addWeight(name: "recurrent_kernel", shape: [units, width], initializer: settings.recurrentInitializer,
                                    regularizer: settings.recurrentRegularizer)
        if settings.useBias {
            let variable = addWeight(name: "bias", shape: biasShape, initializer: .zeros, regularizer: settings.biasRegularizer)
            variable.value = initialBias()
            bias = variable
        }
    }

    /// `[features] → [units]` (one step).
    override public func computeOutputShape(_ inputShape: [Int]) throws -> [Int] { [units] }

    /// One step from zero states: `[batch, features] → [batch, units]` (with dropout when `training`).
    override public func call(_ input: Tensor, training: Bool) -> Tensor {
        check(input.rank == 2, "\(errorContext): a cell steps on [batch, features], received shape \(input.shape)")
        let packed = sequence(input.reshaped([input.shape[0], 1, input.shape[1]]), goBackwards: false, mask: nil,
                              training: training)
        return packed.slice(axis: 1, 0..<1).reshaped([input.shape[0], units])
    }

    /// The states after every step of `x` (`[batch, steps, features]`), from zero states:
    /// `[batch, steps + extraSteps, units]`, the hidden states first (see `extraSteps`). A `mask`
    /// `[batch, steps]` (0 = padding) makes a padded step keep the states before it.
    func sequence(_ x: Tensor, goBackwards: Bool, mask: Tensor? = nil) -> Tensor {
        trap("\(errorContext): RecurrentCell is abstract; SimpleRNNCell, LSTMCell and GRUCell override sequence(_:goBackwards:mask:)")
    }

    /// The steps `sequence` adds after the hidden states: LSTM's last cell state (1), else 0.
    var extraSteps: Int { 0 }

    /// The bias added to the input projection `[gates·units]` (GRU with `resetAfter`: its first row).
    var inputBias: Tensor? { bias?.value }

    /// The recurrent kernel's gate blocks (and GRU's recurrent bias), sliced for the unrolled steps.
    func unrolledWeights() -> UnrolledWeights {
        let u = units, recurrent = built(recurrentKernel, "recurrent_kernel").value
        let blocks = gates == 1 ? [recurrent] : (0..<gates).map { recurrent.slice(axis: 1, ($0 * u)..<(($0 + 1) * u)) }
        return UnrolledWeights(recurrent: blocks, recurrentBias: nil)
    }

    /// One step of Keras's cell on tensor ops (the dropout path): `inputs` are the gates' input
    /// parts `[batch, units]` (bias included), `states` the states before the step (`h`, and LSTM's
    /// `c`), `recurrentMasks` one `[batch, units]` mask per gate (or none). Returns the new states.
    func unrolledStep(_ inputs: [Tensor], states: [Tensor], recurrentMasks: [Tensor], weights: UnrolledWeights) -> [Tensor] {
        trap("\(errorContext): RecurrentCell is abstract; SimpleRNNCell, LSTMCell and GRUCell override unrolledStep")
    }
}
