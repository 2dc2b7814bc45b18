/// Element-wise difference of two inputs (Keras `Subtract`): `[a, b] → a − b`, `[batch, ...]`,
/// with Keras's broadcasting of the per-sample shapes (see `Merge`).
public final class Subtract: Merge {
    /// Keras's class name.
    override public class var kerasClassName: String { "Subtract" }

    /// Exactly two inputs.
    override public var inputCounts: ClosedRange<Int> { 2...2 }

    /// A `Subtract` layer from Keras's configuration (the base keys only).
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown or ill-typed key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { _, base in Subtract(name: base.name) }
    }

    /// `inputs[0] − inputs[1]` (one broadcasting pass).
    override public func merge(_ inputs: [Tensor]) -> Tensor { inputs[0] - inputs[1] }
}
