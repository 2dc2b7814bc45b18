/// The layer standing for a model input (Keras `InputLayer`): it has no weights and passes its
/// input through. Created by `Input(shape:)`.
public final class InputLayer: Layer {
    /// The per-sample shape the input takes.
    public let inputShape: [Int]

    /// An input of per-sample `shape`.
    public init(shape: [Int], name: String? = nil) {
        self.inputShape = shape
        super.init(name: name)
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "InputLayer" }

    /// A new symbolic tensor produced by this input (what `Input(shape:)` returns).
    public func makeOutput() -> SymbolicTensor {
        isBuiltFlag = true
        return SymbolicTensor(shape: inputShape, layer: self, inputs: [])
    }

    /// Passes the input through.
    override public func call(_ input: Tensor, training: Bool) -> Tensor { input }
}
