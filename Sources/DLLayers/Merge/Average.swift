/// Element-wise mean of its inputs (Keras `Average`: their sum divided by their number):
/// `[batch, ...] × n → [batch, ...]`, with Keras's broadcasting of the per-sample shapes (see
/// `Merge`). Inputs of one shape are averaged in one pass.
public final class Average: Merge {
    /// Keras's class name.
    override public class var kerasClassName: String { "Average" }

    /// An `Average` layer from Keras's configuration (the base keys only).
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown or ill-typed key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { _, base in Average(name: base.name) }
    }

    /// `(x₁ + x₂ + …) / n`: one pass for one shape, else the pairwise broadcasting sum divided by n.
    override public func merge(_ inputs: [Tensor]) -> Tensor {
        if Merge.sameShapes(inputs) { return elementwiseAverage(inputs) }
        return inputs.dropFirst().reduce(inputs[0], +) / Tensor(Float(inputs.count))
    }
}
