import DLCore

/// The base of `SimpleRNN`, `LSTM` and `GRU` (Keras's `RNN` layer around a cell): runs its
/// `cell` over the steps of a sequence from zero states.
///
/// Shapes: `[batch, steps, features] → [batch, units]` (the last output), or
/// `[batch, steps, units]` with `returnSequences`. With `returnState` the layer has more outputs
/// (wire them with `callOutputs(_:)`): the output, then the final states, each `[batch, units]`
/// (`h` for SimpleRNN and GRU; `h`, `c` for LSTM), as Keras returns them.
/// The weights are the cell's (`kernel`, `recurrent_kernel`, `bias`). In training, the cell's
/// `dropout` and `recurrentDropout` apply Keras's masks (`RecurrentCell+Dropout.swift`): dropout
/// alone keeps the fused kernels; recurrent dropout runs the steps unrolled on tensor ops.
public class RecurrentLayer: Layer, TrackedSublayers {
    /// The cell holding the weights.
    public let cell: RecurrentCell
    /// Whether the output is every step's hidden state (`[batch, steps, units]`) or the last one.
    public let returnSequences: Bool
    /// Whether the final states follow the output as extra outputs.
    public let returnState: Bool
    /// Whether the steps run last to first (outputs in that processing order, as Keras's `go_backwards`).
    public let goBackwards: Bool
    /// Keras's `unroll` and `zero_output_for_mask`, kept for the configuration (they change nothing here).
    public let unroll: Bool, zeroOutputForMask: Bool

    init(cell: RecurrentCell, returnSequences: Bool, returnState: Bool, goBackwards: Bool, unroll: Bool = false,
         zeroOutputForMask: Bool = false, inputShape: [Int]?, name: String?) {
        self.cell = cell
        self.returnSequences = returnSequences
        self.returnState = returnState
        self.goBackwards = goBackwards
        self.unroll = unroll
        self.zeroOutputForMask = zeroOutputForMask
        super.init(name: name, inputShape: inputShape)
    }

    /// The number of units of the cell.
    public var units: Int { cell.units }
    /// The cell's settings (activations, initializers, regularizers, ...).
    public var settings: RecurrentSettings { cell.settings }
    /// The number of final states (1; LSTM: 2).
    var stateCount: Int { 1 + cell.extraSteps }

    /// The cell, whose weights this layer owns.
    override public var sublayers: [Layer] { [cell] }
    /// Keras 3 saves the cell's weights under `<layer>/cell`.
    public var trackedSublayers: [(key: String, layer: Layer)] { [("cell", cell)] }

    /// The keys Keras's `RNN` base writes, merged with the cell's settings (`gated`: LSTM, GRU).
    func recurrentConfig(gated: Bool, extra: [String: LayerConfig] = [:]) -> LayerConfig {
        let members: [String: LayerConfig] = [
            "return_sequences": .bool(returnSequences), "return_state": .bool(returnState),
            "go_backwards": .bool(goBackwards), "stateful": false, "unroll": .bool(unroll),
            "zero_output_for_mask": .bool(zeroOutputForMask),
        ]
        return config(with: members.merging(settings.configMembers(gated: gated)) { $1 }.merging(extra) { $1 })
    }

    /// Builds the cell for `[steps, features]` inputs.
    /// - Throws: `DLError.shapeMismatch` for another rank or a non-positive dimension; the cell's errors.
    override public func build(inputShape: [Int]) throws {
        _ = try computeOutputShapes([inputShape])
        try cell.buildIfNeeded([[inputShape[1]]])
    }

    /// `[steps, features] → [units]`, or `[steps, units]` with `returnSequences`.
    override public func computeOutputShape(_ inputShape: [Int]) throws -> [Int] {
        try computeOutputShapes([inputShape])[0]
    }

    /// The output's shape, then (with `returnState`) each state's `[units]`.
    override public func computeOutputShapes(_ inputShapes: [[Int]]) throws -> [[Int]] {
        guard inputShapes.count == 1, inputShapes[0].count == 2 else {
            throw DLError.shapeMismatch(context: errorContext, expected: "[steps, features] per sample (a batch of "
                                        + "sequences padded to one length)", received: inputShapes.first ?? [])
        }
        try requirePositiveDimensions(inputShapes[0])
        try require(units > 0, "units must be a positive integer. Received: units=\(units)")
        let output = returnSequences ? [inputShapes[0][0], units] : [units]
        return [output] + (returnState ? Array(repeating: [units], count: stateCount) : [])
    }

    /// The input's mask with `returnSequences` (Keras's `compute_mask`), else none.
    override public func computeMask(_ inputs: [Tensor], masks: [Tensor?]) -> Tensor? {
        returnSequences ? masks.first ?? nil : nil
    }

    /// The output (see the type's note).
    override public func call(_ input: Tensor, training: Bool) -> Tensor { callOutputs([input], training: training)[0] }

    /// The output, then the final states with `returnState`.
    override public func callOutputs(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        callOutputs(inputs, masks: [nil], training: training)
    }

    /// The recurrence reads the input's mask (a padded step keeps the states).
    override public var readsMasks: Bool { true }

    /// The output and states with the input's mask (`[batch, steps]`, 0 = padding): a padded step
    /// keeps the states before it, as Keras's RNN does; with `zeroOutputForMask` its output is zeros.
    override public func callOutputs(_ inputs: [Tensor], masks: [Tensor?], training: Bool) -> [Tensor] {
        check(inputs.count == 1, "\(errorContext) expects one input, received \(inputs.count)")
        let x = inputs[0]
        check(x.rank == 3 && x.shape[1] > 0, "\(errorContext): expected input [batch, steps, features], received shape \(x.shape)")
        let (batch, steps, u) = (x.shape[0], x.shape[1], units)
        let mask = masks.first ?? nil
        let packed = cell.sequence(x, goBackwards: goBackwards, mask: mask, training: training)
        let lastHidden = packed.slice(axis: 1, (steps - 1)..<steps).reshaped([batch, u])
        var output = returnSequences ? (cell.extraSteps == 0 ? packed : packed.slice(axis: 1, 0..<steps)) : lastHidden
        if returnSequences, zeroOutputForMask, var mask {
            if goBackwards { mask = mask.reversed(axis: 1) }   // the outputs run in processing order
            output = output * mask.reshaped([batch, steps, 1])
        }
        guard returnState else { return [output] }
        let extra = (0..<cell.extraSteps).map { packed.slice(axis: 1, (steps + $0)..<(steps + $0 + 1)).reshaped([batch, u]) }
        return [output, lastHidden] + extra
    }
}
