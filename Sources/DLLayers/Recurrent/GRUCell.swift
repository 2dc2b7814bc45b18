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
}
