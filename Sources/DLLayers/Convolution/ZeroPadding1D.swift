/// Pads sequences with zeros at both ends (Keras `ZeroPadding1D`):
/// `[batch, steps, channels] → [batch, before + steps + after, channels]`; no weights.
public final class ZeroPadding1D: Layer {
    /// Zero steps added before and after each sequence.
    public let padding: (before: Int, after: Int)

    /// A layer adding `padding` zero steps at both ends.
    /// - Parameters:
    ///   - padding: the zero steps at each end (default 1).
    ///   - inputShape: the per-sample input shape `[steps, channels]`, when this layer starts a `Sequential`.
    ///   - name: the layer's name (default: `zero_padding1d`, ...).
    public convenience init(padding: Int = 1, inputShape: [Int]? = nil, name: String? = nil) {
        self.init(padding: (padding, padding), inputShape: inputShape, name: name)
    }

    /// A layer adding `padding.0` zero steps before and `padding.1` after each sequence.
    public init(padding: (Int, Int), inputShape: [Int]? = nil, name: String? = nil) {
        self.padding = (padding.0, padding.1)
        super.init(name: name, inputShape: inputShape)
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "ZeroPadding1D" }

    /// Keras's configuration: the base keys, `padding` `[before, after]` and `data_format`.
    override public func getConfig() -> LayerConfig {
        config(with: ["padding": .ints([padding.before, padding.after]), "data_format": .channelsLast])
    }

    /// A padding layer from Keras's configuration (`padding` as one integer or `[before, after]`).
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown or ill-typed key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            let padding = try reader.ints("padding", count: 2, default: [1, 1])
            try reader.channelsLast()
            return ZeroPadding1D(padding: (padding[0], padding[1]), inputShape: base.inputShape, name: base.name)
        }
    }

    /// Checks the padding and the input shape.
    override public func build(inputShape: [Int]) throws {
        _ = try computeOutputShape(inputShape)
    }

    /// `[steps, channels] → [before + steps + after, channels]`.
    /// - Throws: `DLError.invalidArgument` for negative padding, `DLError.shapeMismatch` for an input that is not rank 2.
    override public func computeOutputShape(_ inputShape: [Int]) throws -> [Int] {
        try require(padding.before >= 0 && padding.after >= 0,
                    "padding must be non-negative. Received: padding=(\(padding.before), \(padding.after))")
        try requireRank(inputShape, 2, "[steps, channels]")
        return [padding.before + inputShape[0] + padding.after, inputShape[1]]
    }

    /// `zeroPadded(input, axis: 1, ...)`.
    override public func call(_ input: Tensor, training: Bool) -> Tensor {
        zeroPadded(input, axis: 1, before: padding.before, after: padding.after)
    }
}
