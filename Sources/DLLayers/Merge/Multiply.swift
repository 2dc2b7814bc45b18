/// Element-wise product of its inputs (Keras `Multiply`): `[batch, ...] × n → [batch, ...]`, with
/// Keras's broadcasting of the per-sample shapes (see `Merge`). Inputs of one shape are
/// multiplied in one pass.
public final class Multiply: Merge {
    /// Keras's class name.
    override public class var kerasClassName: String { "Multiply" }

    /// A `Multiply` layer from Keras's configuration (the base keys only).
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown or ill-typed key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { _, base in Multiply(name: base.name) }
    }

    /// `x₁ ⊙ x₂ ⊙ …`: one pass for one shape, else the pairwise broadcasting product in input order.
    override public func merge(_ inputs: [Tensor]) -> Tensor {
        Merge.sameShapes(inputs) ? elementwiseProduct(inputs) : inputs.dropFirst().reduce(inputs[0], *)
    }
}
