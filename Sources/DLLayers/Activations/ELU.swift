/// Exponential linear unit (Keras `ELU`): `x` for `x > 0`, `alpha · (eˣ − 1)` otherwise.
/// Shapes: `[batch, ...] → [batch, ...]`; no weights.
public final class ELU: Layer {
    /// The scale of the negative part (Keras default 1).
    public let alpha: Float

    /// An ELU layer.
    /// - Parameters:
    ///   - alpha: the scale of the negative part, which tends to `−alpha`.
    ///   - inputShape: the per-sample input shape, when this layer starts a `Sequential`.
    ///   - name: the layer's name (default: `elu`, `elu_1`, ...).
    public init(alpha: Float = 1, inputShape: [Int]? = nil, name: String? = nil) {
        self.alpha = alpha
        super.init(name: name, inputShape: inputShape)
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "ELU" }

    /// Keras's `supports_masking`: a sequence mask passes through unchanged.
    override public var supportsMasking: Bool { true }

    /// Keras's configuration: the base keys and `alpha`.
    override public func getConfig() -> LayerConfig { config(with: ["alpha": .float(alpha)]) }

    /// An ELU layer from Keras's configuration (`alpha`, default 1).
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown or ill-typed key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            ELU(alpha: try reader.float("alpha", default: 1), inputShape: base.inputShape, name: base.name)
        }
    }

    /// Checks `alpha`.
    override public func build(inputShape: [Int]) throws {
        _ = try computeOutputShape(inputShape)
    }

    /// The input shape, unchanged.
    /// - Throws: `DLError.invalidArgument` for an `alpha` that is not finite.
    override public func computeOutputShape(_ inputShape: [Int]) throws -> [Int] {
        try require(alpha.isFinite, "alpha must be a finite number. Received: alpha=\(alpha)")
        return inputShape
    }

    /// `elu(input, alpha: alpha)`.
    override public func call(_ input: Tensor, training: Bool) -> Tensor {
        elu(input, alpha: alpha)
    }
}
