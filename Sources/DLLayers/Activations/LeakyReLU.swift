/// Leaky rectified linear unit (Keras `LeakyReLU`): `x` for `x > 0`, `negativeSlope · x` otherwise.
/// Shapes: `[batch, ...] → [batch, ...]`; no weights.
public final class LeakyReLU: Layer {
    /// The slope for negative inputs (Keras default 0.3).
    public let negativeSlope: Float

    /// A leaky ReLU layer.
    /// - Parameters:
    ///   - negativeSlope: the slope for negative inputs (non-negative).
    ///   - inputShape: the per-sample input shape, when this layer starts a `Sequential`.
    ///   - name: the layer's name (default: `leaky_re_lu`, ...).
    public init(negativeSlope: Float = 0.3, inputShape: [Int]? = nil, name: String? = nil) {
        self.negativeSlope = negativeSlope
        super.init(name: name, inputShape: inputShape)
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "LeakyReLU" }

    /// Keras's `supports_masking`: a sequence mask passes through unchanged.
    override public var supportsMasking: Bool { true }

    /// Keras's configuration: the base keys and `negative_slope`.
    override public func getConfig() -> LayerConfig { config(with: ["negative_slope": .float(negativeSlope)]) }

    /// A leaky ReLU layer from Keras's configuration (`negative_slope`, or Keras 2's `alpha`; default 0.3).
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown or ill-typed key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            let slope = try reader.float(reader.contains("alpha") ? "alpha" : "negative_slope", default: 0.3)
            return LeakyReLU(negativeSlope: slope, inputShape: base.inputShape, name: base.name)
        }
    }

    /// Checks the slope.
    override public func build(inputShape: [Int]) throws {
        _ = try computeOutputShape(inputShape)
    }

    /// The input shape, unchanged.
    /// - Throws: `DLError.invalidArgument` for a negative slope.
    override public func computeOutputShape(_ inputShape: [Int]) throws -> [Int] {
        try require(negativeSlope >= 0, "negativeSlope must be non-negative. Received: negativeSlope=\(negativeSlope)")
        return inputShape
    }

    /// `leakyRelu(input, alpha: negativeSlope)`.
    override public func call(_ input: Tensor, training: Bool) -> Tensor {
        leakyRelu(input, alpha: negativeSlope)
    }
}
