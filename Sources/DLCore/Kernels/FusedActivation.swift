/// An activation that `linear` (and `DenseKernels.forward`) applies in its output pass. Each
/// one's derivative is a function of the output alone, so the pullback keeps the output and
/// nothing else.
public enum FusedActivation: Sendable {
    case identity, relu, sigmoid, softmax
}
