/// Updates weights from their gradients (Keras optimizer). State (slots) is keyed by the
/// variable's identity.
public protocol Optimizer: AnyObject {
    /// Keras's name (`"adam"`, `"sgd"`, ...).
    var name: String { get }
    /// The learning rate used by the next step (a schedule's value at `iterations`). Setting it
    /// replaces a schedule with a constant, as Keras does.
    var learningRate: Float { get set }
    /// The number of steps applied so far.
    var iterations: Int { get }
    /// Applies one step: clips the gradients if asked, then updates each variable in place.
    func apply(gradients: [Tensor], to variables: [Variable])
}
