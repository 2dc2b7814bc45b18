/// Element-wise maximum of its inputs (Keras `Maximum`): `[batch, ...] × n → [batch, ...]`, with
/// Keras's broadcasting of the per-sample shapes (see `Merge`). Inputs of one shape are compared
/// in one pass; the gradient goes to the first input holding the maximum.
public final class Maximum: Merge {
    /// Keras's class name.
    override public class var kerasClassName: String { "Maximum" }

    /// A `Maximum` layer from Keras's configuration (the base keys only).
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown or ill-typed key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { _, base in Maximum(name: base.name) }
    }

    /// `max(x₁, x₂, …)`: one pass for one shape; otherwise each input is first broadcast to the
    /// output shape (a copy whose gradient sums back), then the one-pass maximum.
    override public func merge(_ inputs: [Tensor]) -> Tensor {
        if Merge.sameShapes(inputs) { return elementwiseMaximum(inputs) }
        var shape = inputs[0].shape
        for input in inputs.dropFirst() {
            guard let merged = Merge.broadcastShape(shape, input.shape) else {
                trap("\(errorContext): shapes \(inputs.map(\.shape)) cannot be broadcast together")
            }
            shape = merged
        }
        let zeros = Tensor.zeros(shape)
        return elementwiseMaximum(inputs.map { $0.shape == shape ? $0 : $0 + zeros })
    }
}
