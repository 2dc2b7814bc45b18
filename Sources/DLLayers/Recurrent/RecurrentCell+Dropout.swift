import DLCore

// Keras 3's `dropout` and `recurrent_dropout` of `SimpleRNN`, `LSTM` and `GRU` (its
// `DropoutRNNCell`): in training, masks are drawn once per call (one per sample, the same at every
// step), each scalar 0 with probability `rate` or `1 / (1 − rate)`; at inference nothing changes.
//   - `dropout` only (Keras's `implementation=2`): ONE input mask `[batch, features]` multiplies
//     every step's input; the fused kernels then run on the masked input as they are.
//   - `recurrent_dropout > 0` (Keras switches to `implementation=1`): one mask per gate for the
//     input (when `dropout > 0`) and for `h_{t−1}` (`[batch, units]` each; SimpleRNN has one gate),
//     gate g seeing `(x_t ⊙ m_g) · W_g` and `(h_{t−1} ⊙ m'_g) · U_g`. These steps run unrolled
//     on tensor ops (the formulas of Keras's cells, differentiated by the tape).

/// The dropout masks of one recurrent call (see the note above): `input` `[batch, features]` each
/// (none, one, or one per gate), `recurrent` `[batch, units]` each (none, or one per gate).
package struct RecurrentDropoutMasks {
    package var input: [Tensor]
    package var recurrent: [Tensor]

    package init(input: [Tensor], recurrent: [Tensor]) {
        self.input = input
        self.recurrent = recurrent
    }
}

/// The weights the unrolled steps use, sliced once per call: the recurrent kernel's gate blocks
/// `[units, units]` and (GRU with `resetAfter`) the recurrent bias's `[units]`.
struct UnrolledWeights {
    var recurrent: [Tensor]
    var recurrentBias: [Tensor]?
}

extension RecurrentCell {
    /// The states after every step (as `sequence(_:goBackwards:mask:)`), with the dropout masks
    /// drawn when `training` and a rate is positive; otherwise the fused path, unchanged.
    func sequence(_ x: Tensor, goBackwards: Bool, mask: Tensor?, training: Bool) -> Tensor {
        guard training, settings.dropout > 0 || settings.recurrentDropout > 0 else {
            return sequence(x, goBackwards: goBackwards, mask: mask)
        }
        let masks = drawDropoutMasks(batch: x.shape[0], features: x.shape[2])
        return sequence(x, goBackwards: goBackwards, mask: mask, dropoutMasks: masks)
    }

    /// The states after every step with the given dropout masks: the fused path on the masked
    /// input when there is no recurrent mask, else the unrolled steps.
    package func sequence(_ x: Tensor, goBackwards: Bool, mask: Tensor?, dropoutMasks masks: RecurrentDropoutMasks) -> Tensor {
        check(x.rank == 3, "\(errorContext): expected input [batch, steps, features], received shape \(x.shape)")
        check(masks.input.count <= 1 || masks.input.count == gates, "\(errorContext): \(masks.input.count) input dropout masks "
              + "for \(gates) gates")
        check(masks.recurrent.isEmpty || masks.recurrent.count == gates, "\(errorContext): \(masks.recurrent.count) recurrent "
              + "dropout masks for \(gates) gates")
        guard !masks.recurrent.isEmpty else {
            let input = masks.input.first.map { x * $0.reshaped([x.shape[0], 1, x.shape[2]]) } ?? x
            return sequence(input, goBackwards: goBackwards, mask: mask)
        }
        return unrolledSequence(x, goBackwards: goBackwards, mask: mask, masks: masks)
    }

    /// Keras's masks for one call on `[batch, steps, features]`: the input masks first, then the
    /// recurrent ones, from the cell's seeded generator (or the global one without a `seed`).
    package func drawDropoutMasks(batch: Int, features: Int) -> RecurrentDropoutMasks {
        let perGate = settings.recurrentDropout > 0 ? gates : 1
        var rng = dropoutGenerator ?? Random.makeGenerator(seed: nil)
        func draw(_ shape: [Int], rate: Float) -> [Tensor] {
            guard rate > 0 else { return [] }
            let keep = 1 - rate, scale = 1 / (1 - rate)
            return (0..<perGate).map { _ in
                Tensor(shape: shape) { out in
                    for i in 0..<out.count { out[i] = rng.nextUniform() < keep ? scale : 0 }
                }
            }
        }
        let masks = RecurrentDropoutMasks(input: draw([batch, features], rate: settings.dropout),
                                          recurrent: draw([batch, units], rate: settings.recurrentDropout))
        if dropoutGenerator != nil { dropoutGenerator = rng }
        return masks
    }

    /// The recurrence on tensor ops, step by step from zero states, in the packed layout of
    /// `sequence(_:goBackwards:mask:)`; a padded step (`mask` 0) keeps the states before it.
    private func unrolledSequence(_ x: Tensor, goBackwards: Bool, mask: Tensor?, masks: RecurrentDropoutMasks) -> Tensor {
        let (batch, steps, u) = (x.shape[0], x.shape[1], units)
        let source = goBackwards ? x.reversed(axis: 1) : x
        let stepMask = mask.map { goBackwards ? $0.detached.reversed(axis: 1) : $0.detached }
        let projected = unrolledProjections(source, masks: masks.input)
        let weights = unrolledWeights()
        var states = [Tensor](repeating: .zeros([batch, u]), count: 1 + extraSteps)
        var outputs: [Tensor] = []
        for t in 0..<steps {
            let inputs = projected.map { $0.slice(axis: 1, t..<(t + 1)).reshaped([batch, u]) }
            var next = unrolledStep(inputs, states: states, recurrentMasks: masks.recurrent, weights: weights)
            if let stepMask {
                let keep = stepMask.slice(axis: 1, t..<(t + 1))   // [batch, 1]: 1 a real step, 0 padding
                next = zip(next, states).map { keep * $0 + (1 - keep) * $1 }
            }
            states = next
            outputs.append(states[0].reshaped([batch, 1, u]))
        }
        return concatenate(outputs + states.dropFirst().map { $0.reshaped([batch, 1, u]) }, axis: 1)
    }

    /// Each gate's input part `(x ⊙ m_g) · W_g + b_g` for every step, `[batch, steps, units]` per
    /// gate: one product for all gates with at most one mask, else one per gate.
    private func unrolledProjections(_ x: Tensor, masks: [Tensor]) -> [Tensor] {
        let (batch, steps, features, u) = (x.shape[0], x.shape[1], x.shape[2], units)
        let w = built(kernel, "kernel").value, b = inputBias
        func project(_ input: Tensor, _ columns: Range<Int>) -> Tensor {
            let whole = columns.count == gates * u
            var p = matmul(input.reshaped([batch * steps, features]), whole ? w : w.slice(axis: 1, columns))
            if let b { p = p + (whole ? b : b.slice(axis: 0, columns)) }
            return p.reshaped([batch, steps, columns.count])
        }
        func masked(_ m: Tensor) -> Tensor { x * m.reshaped([batch, 1, features]) }
        guard masks.count == gates, gates > 1 else {
            let all = project(masks.first.map(masked) ?? x, 0..<(gates * u))
            return gates == 1 ? [all] : (0..<gates).map { all.slice(axis: 2, ($0 * u)..<(($0 + 1) * u)) }
        }
        return (0..<gates).map { project(masked(masks[$0]), ($0 * u)..<(($0 + 1) * u)) }
    }
}
