/// Joins its inputs along one axis (Keras `Concatenate`): shapes equal but for `axis`, e.g.
/// `axis: -1`: `[batch, h, w, c₁] + [batch, h, w, c₂] → [batch, h, w, c₁ + c₂]`. No weights.
public final class Concatenate: Merge {
    /// The axis to join along, counted as Keras counts it: the batch axis is 0, -1 the last.
    public let axis: Int

    /// A concatenation layer.
    /// - Parameters:
    ///   - axis: the axis to join along (Keras's default -1, the last); the batch axis (0) is refused.
    ///   - name: the layer's name (default: `concatenate`, ...).
    public init(axis: Int = -1, name: String? = nil) {
        self.axis = axis
        super.init(name: name)
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "Concatenate" }

    /// Keras's configuration: the base keys and `axis`.
    override public func getConfig() -> LayerConfig { config(with: ["axis": .int(axis)]) }

    /// A concatenation layer from Keras's configuration (`axis`, default -1).
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown or ill-typed key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in Concatenate(axis: try reader.int("axis", default: -1), name: base.name) }
    }

    /// The joined per-sample shape.
    /// - Throws: `DLError.invalidArgument` naming the layer for fewer than two inputs, an axis out
    ///   of range or on the batch, or shapes that differ outside the axis (Keras's message).
    override public func computeOutputShape(_ inputShapes: [[Int]]) throws -> [Int] {
        try requireInputCount(inputShapes)
        let rank = inputShapes[0].count
        let full = axis < 0 ? axis + rank + 1 : axis
        try require(full >= 1 && full <= rank, "axis \(axis) is out of range for inputs of rank \(rank + 1), or is the batch axis. "
                    + "Received: axis=\(axis)")
        let a = full - 1
        let matching = inputShapes.allSatisfy { shape in
            shape.count == rank && shape.indices.allSatisfy { $0 == a || shape[$0] == inputShapes[0][$0] }
        }
        try require(matching, "A `Concatenate` layer requires inputs with matching shapes except for the concatenation axis. "
                    + "Received: input_shape=[\(inputShapes.map { "(None, " + $0.map(String.init).joined(separator: ", ") + ")" }.joined(separator: ", "))]")
        var output = inputShapes[0]
        output[a] = inputShapes.reduce(0) { $0 + $1[a] }
        return output
    }

    /// The inputs joined along `axis` (one copy pass; the gradient is sliced back).
    override public func call(_ inputs: [Tensor], training: Bool) -> Tensor {
        checkInputs(inputs)
        return concatenate(inputs, axis: axis)
    }
}
