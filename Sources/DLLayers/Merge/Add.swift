/// Element-wise sum of its inputs (Keras `Add`): `[batch, ...] × n → [batch, ...]`, with Keras's
/// broadcasting of the per-sample shapes (see `Merge`). Inputs of one shape are summed in one pass.
public final class Add: Merge, ReLUFusable {
    /// Keras's class name.
    override public class var kerasClassName: String { "Add" }

    /// An `Add` layer from Keras's configuration (the base keys only).
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown or ill-typed key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { _, base in Add(name: base.name) }
    }

    /// `x₁ + x₂ + …`: one pass for one shape, else the pairwise broadcasting sum in input order.
    override public func merge(_ inputs: [Tensor]) -> Tensor {
        Merge.sameShapes(inputs) ? elementwiseSum(inputs) : inputs.dropFirst().reduce(inputs[0], +)
    }

    /// `relu(call(inputs))`: for inputs of one shape, the sum and the ReLU in one pass
    /// (`elementwiseSumReLU`).
    public func callFollowedByReLU(_ inputs: [Tensor], training: Bool) -> Tensor {
        checkInputs(inputs)
        guard Merge.sameShapes(inputs) else { return relu(call(inputs, training: training)) }
        return elementwiseSumReLU(inputs)
    }
}
