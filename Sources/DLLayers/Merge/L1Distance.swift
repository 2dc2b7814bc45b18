/// The element-wise L1 distance `|a − b|` of two inputs, the distance of Siamese networks (Koch,
/// Zemel and Salakhutdinov, 2015): `[a, b] → |a − b|`, `[batch, ...]`, with Keras's broadcasting of
/// the per-sample shapes (see `Merge`).
///
/// Keras has no such class (Keras code writes `Lambda(lambda t: ops.abs(t[0] - t[1]))`): the class
/// name `L1Distance` is SwiftDL's own; its configuration holds Keras's base layer keys (`name`,
/// `trainable`, `dtype`), like Keras's other merge layers. Inputs of one shape take one pass,
/// whose gradients are `sign(a − b) · g` for `a` and `−sign(a − b) · g` for `b`.
public final class L1Distance: Merge {
    /// SwiftDL's class name for it (not a Keras class).
    override public class var kerasClassName: String { "L1Distance" }

    /// Exactly two inputs.
    override public var inputCounts: ClosedRange<Int> { 2...2 }

    /// An `L1Distance` layer from its configuration (the base keys only).
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown or ill-typed key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { _, base in L1Distance(name: base.name) }
    }

    /// `|inputs[0] − inputs[1]|`: one fused pass for one shape, else `abs(a − b)` with broadcasting.
    override public func merge(_ inputs: [Tensor]) -> Tensor {
        inputs[0].shape == inputs[1].shape ? l1Distance(inputs[0], inputs[1]) : abs(inputs[0] - inputs[1])
    }
}
