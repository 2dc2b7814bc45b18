import DLCore

/// Keras 3's `GRUCell` (gates z, r, h in that order along the kernels' last axis):
/// `z = σ(x_z + r_z)`, `r = σ(x_r + r_r)`, `ĥ = tanh(x_h + r ⊙ r_h)` with `resetAfter` (Keras 3's
/// default; `r_* = h_{t−1} · recurrent_kernel + recurrent bias`), else `ĥ = tanh(x_h + (r ⊙ h_{t−1}) · U_h)`;
/// `h_t = z ⊙ h_{t−1} + (1 − z) ⊙ ĥ`.
/// Weights: `kernel` `[features, 3u]`, `recurrent_kernel` `[u, 3u]`, `bias` `[2, 3u]` (input and
/// recurrent biases) with `resetAfter`, else `[3u]`.
public final class GRUCell: RecurrentCell {
    /// Whether the reset gate applies after the recurrent product (Keras 3's default, true).
    public let resetAfter: Bool

    /// A cell with `settings`, named `gru_cell` as Keras names it.
    public init(settings: RecurrentSettings, resetAfter: Bool = true, name: String = "gru_cell") {
        self.resetAfter = resetAfter
        super.init(cellSettings: settings, name: name)
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "GRUCell" }

    override var gates: Int { 3 }
    override var biasShape: [Int] { resetAfter ? [2, 3 * units] : [3 * units] }

    override func sequence(_ x: Tensor, goBackwards: Bool, mask: Tensor? = nil) -> Tensor {
        gruSequence(x, kernel: built(kernel, "kernel").value, recurrentKernel: built(recurrentKernel, "recurrent_kernel").value,
                    bias: bias?.value, activation: settings.activation.cellActivation ?? .tanh,
                    recurrentActivation: settings.recurrentActivation.cellActivation ?? .sigmoid,
                    resetAfter: resetAfter, goBackwards: goBackwards, mask: mask)
    }

    /// With `resetAfter`, the input projection's bias is the first row of `bias`.
    override var inputBias: Tensor? {
        guard resetAfter, let bias = bias?.value else { return bias?.value }
        return bias.slice(axis: 0, 0..<1).reshaped([3 * units])
    }

    /// The recurrent kernel's blocks and, with `resetAfter`, the recurrent bias's (`bias`'s second row).
    override func unrolledWeights() -> UnrolledWeights {
        var weights = super.unrolledWeights()
        if resetAfter, let bias = bias?.value {
            let u = units, row = bias.slice(axis: 0, 1..<2).reshaped([3 * u])
            weights.recurrentBias = (0..<3).map { row.slice(axis: 0, ($0 * u)..<(($0 + 1) * u)) }
        }
        return weights
    }

    /// Keras's `implementation=1` step: `h_g = h_{t−1} ⊙ m_g`; `z = σ(x_z + h_z · U_z (+ b)),
    /// r = σ(x_r + h_r · U_r (+ b))`; `ĥ = act(x_h + r ⊙ (h_h · U_h + b))` with `resetAfter`, else
    /// `act(x_h + (r ⊙ h_h) · U_h)`; `h_t = z ⊙ h_{t−1} + (1 − z) ⊙ ĥ`.
    override func unrolledStep(_ inputs: [Tensor], states: [Tensor], recurrentMasks: [Tensor], weights: UnrolledWeights) -> [Tensor] {
        let h = states[0]
        let hs = (0..<3).map { recurrentMasks.isEmpty ? h : h * recurrentMasks[$0] }
        func recurrent(_ g: Int) -> Tensor {
            let product = matmul(hs[g], weights.recurrent[g])
            return weights.recurrentBias.map { product + $0[g] } ?? product
        }
        let (act, gate) = (settings.activation, settings.recurrentActivation)
        let update = gate(inputs[0] + recurrent(0)), reset = gate(inputs[1] + recurrent(1))
        let candidate = resetAfter ? act(inputs[2] + reset * recurrent(2))
                                   : act(inputs[2] + matmul(reset * hs[2], weights.recurrent[2]))
        return [update * h + (1 - update) * candidate]
    }
}
