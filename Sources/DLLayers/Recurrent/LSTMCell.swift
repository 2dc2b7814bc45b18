import DLCore

/// Keras's `LSTMCell` (gates i, f, c, o in that order along the kernels' last axis):
/// `i, f, o = σ(·)`, `g = tanh(·)` of `x_t · kernel + h_{t−1} · recurrent_kernel + bias`,
/// `c_t = f ⊙ c_{t−1} + i ⊙ g`, `h_t = o ⊙ tanh(c_t)`.
/// Weights: `kernel` `[features, 4u]`, `recurrent_kernel` `[u, 4u]`, `bias` `[4u]`; with
/// `unitForgetBias` (Keras's default) the forget gate's bias starts at one.
public final class LSTMCell: RecurrentCell {
    /// Whether the forget gate's bias starts at 1 (Keras's `unit_forget_bias`, default true).
    public let unitForgetBias: Bool

    /// A cell with `settings`, named `lstm_cell` as Keras names it.
    public init(settings: RecurrentSettings, unitForgetBias: Bool = true, name: String = "lstm_cell") {
        self.unitForgetBias = unitForgetBias
        super.init(cellSettings: settings, name: name)
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "LSTMCell" }

    override var gates: Int { 4 }
    override var extraSteps: Int { 1 }

    /// Keras's bias start: `[init(u), ones(u), init(2u)]` with `unitForgetBias`, else `init(4u)`.
    override func initialBias() -> Tensor {
        guard unitForgetBias else { return super.initialBias() }
        let u = units
        return concatenate([settings.biasInitializer.make([u]), .ones([u]), settings.biasInitializer.make([2 * u])], axis: 0)
    }

    override func sequence(_ x: Tensor, goBackwards: Bool, mask: Tensor? = nil) -> Tensor {
        lstmSequence(x, kernel: built(kernel, "kernel").value, recurrentKernel: built(recurrentKernel, "recurrent_kernel").value,
                     bias: bias?.value, activation: settings.activation.cellActivation ?? .tanh,
                     recurrentActivation: settings.recurrentActivation.cellActivation ?? .sigmoid, goBackwards: goBackwards, mask: mask)
    }

    /// Keras's `implementation=1` step: `z_g = x_g + (h_{t−1} ⊙ m_g) · U_g` for i, f, c, o, then
    /// `c_t = f ⊙ c_{t−1} + i ⊙ act(z_c)`, `h_t = o ⊙ act(c_t)`.
    override func unrolledStep(_ inputs: [Tensor], states: [Tensor], recurrentMasks: [Tensor], weights: UnrolledWeights) -> [Tensor] {
        let (h, c) = (states[0], states[1])
        let z = (0..<4).map { inputs[$0] + matmul(recurrentMasks.isEmpty ? h : h * recurrentMasks[$0], weights.recurrent[$0]) }
        let (act, gate) = (settings.activation, settings.recurrentActivation)
        let cell = gate(z[1]) * c + gate(z[0]) * act(z[2])
        return [gate(z[3]) * act(cell), cell]
    }
}
