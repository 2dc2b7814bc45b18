import DLCore

/// Keras's `SimpleRNNCell`: `h_t = activation(x_t · kernel + bias + h_{t−1} · recurrent_kernel)`.
/// Weights: `kernel` `[features, units]`, `recurrent_kernel` `[units, units]`, `bias` `[units]`.
public final class SimpleRNNCell: RecurrentCell {
    /// A cell with `settings` (its `recurrentActivation` is unused), named `simple_rnn_cell` as Keras names it.
    public init(settings: RecurrentSettings, name: String = "simple_rnn_cell") {
        super.init(cellSettings: settings, name: name)
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "SimpleRNNCell" }

    override func sequence(_ x: Tensor, goBackwards: Bool, mask: Tensor? = nil) -> Tensor {
        let activation = settings.activation.cellActivation ?? .tanh
        return simpleRNNSequence(x, kernel: built(kernel, "kernel").value, recurrentKernel: built(recurrentKernel, "recurrent_kernel").value,
                                 bias: bias?.value, activation: activation, goBackwards: goBackwards, mask: mask)
    }

    /// `h_t = act(x_t-part + (h_{t−1} ⊙ m) · U)`.
    override func unrolledStep(_ inputs: [Tensor], states: [Tensor], recurrentMasks: [Tensor], weights: UnrolledWeights) -> [Tensor] {
        let h = recurrentMasks.first.map { states[0] * $0 } ?? states[0]
        return [settings.activation(inputs[0] + matmul(h, weights.recurrent[0]))]
    }
}
