/// Softmax along an axis (Keras `Softmax` layer): `[batch, ...] → [batch, ...]`; no weights.
public final class Softmax: Layer {
    /// The axis normalized over, counted on the batched tensor (-1: the last).
    public let axis: Int

    /// A softmax layer.
    /// - Parameters:
    ///   - axis: the axis of the batched input to normalize over (default -1, the last).
    ///   - inputShape: the per-sample input shape, when this layer starts a `Sequential`.
    ///   - name: the layer's name (default: `softmax`, `softmax_1`, ...).
    public init(axis: Int = -1, inputShape: [Int]? = nil, name: String? = nil) {
        self.axis = axis
        super.init(name: name, inputShape: inputShape)
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "Softmax" }

    /// Keras's configuration: the base keys and `axis`.
    override public func getConfig() -> LayerConfig { config(with: ["axis": .int(axis)]) }

    /// A softmax layer from Keras's configuration (`axis` one integer; default -1).
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown or ill-typed key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            Softmax(axis: try reader.int("axis", default: -1), inputShape: base.inputShape, name: base.name)
        }
    }

    /// Checks the axis.
    override public func build(inputShape: [Int]) throws {
        _ = try computeOutputShape(inputShape)
    }

    /// The input shape, unchanged.
    /// - Throws: `DLError.invalidArgument` when `axis` is not an axis of the batched input.
    override public func computeOutputShape(_ inputShape: [Int]) throws -> [Int] {
        let rank = inputShape.count + 1
        try require(axis >= -rank && axis < rank,
                    "axis must be in [-\(rank), \(rank)) for inputs of per-sample shape \(inputShape). Received: axis=\(axis)")
        return inputShape
    }

    /// `softmax(input, axis: axis)`.
    override public func call(_ input: Tensor, training: Bool) -> Tensor { softmax(input, axis: axis) }
}
