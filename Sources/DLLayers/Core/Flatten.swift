/// Flattens each sample to one axis (Keras `Flatten`): `[batch, d1, d2, ...] → [batch, d1·d2·...]`.
/// It has no weights.
public final class Flatten: Layer {
    /// A flatten layer.
    /// - Parameters:
    ///   - inputShape: the per-sample input shape, when this layer starts a `Sequential`.
    ///   - name: the layer's name (default: `flatten`, `flatten_1`, ...).
    public init(inputShape: [Int]? = nil, name: String? = nil) {
        super.init(name: name, inputShape: inputShape)
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "Flatten" }

    /// Keras's configuration: the base keys and `data_format`.
    override public func getConfig() -> LayerConfig { config(with: ["data_format": .channelsLast]) }

    /// A flatten layer from Keras's configuration (channels-last only).
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown or ill-typed key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            try reader.channelsLast()
            return Flatten(inputShape: base.inputShape, name: base.name)
        }
    }

    /// Checks the input shape.
    override public func build(inputShape: [Int]) throws {
        _ = try computeOutputShape(inputShape)
    }

    /// `[d1, d2, ...] → [d1·d2·...]` (a rank-0 sample becomes `[1]`, as in Keras).
    /// - Throws: `DLError.shapeMismatch` for a non-positive dimension.
    override public func computeOutputShape(_ inputShape: [Int]) throws -> [Int] {
        try requirePositiveDimensions(inputShape)
        return [inputShape.reduce(1, *)]
    }

    /// Reshapes to `[batch, -1]`.
    override public func call(_ input: Tensor, training: Bool) -> Tensor {
        input.reshaped([input.shape.first ?? 1, input.shape.dropFirst().reduce(1, *)])
    }
}
