/// Rectified linear unit (Keras `ReLU` layer): with the defaults, `max(x, 0)`. In general
/// `min(x, maxValue)` for `x > threshold`, `negativeSlope · (x − threshold)` below it (DLCore's
/// `relu(_:negativeSlope:maxValue:threshold:)`, Keras's formula).
/// Shapes: `[batch, ...] → [batch, ...]`; no weights.
public final class ReLU: Layer {
    /// The largest output value, or nil for none.
    public let maxValue: Float?
    /// The slope below the threshold (default 0).
    public let negativeSlope: Float
    /// Where the unit switches on (default 0).
    public let threshold: Float

    /// A ReLU layer; the defaults give `max(x, 0)`.
    /// - Parameters:
    ///   - maxValue: caps the output (non-negative), or nil.
    ///   - negativeSlope: the slope below `threshold` (non-negative).
    ///   - threshold: the input value where the unit switches on.
    ///   - inputShape: the per-sample input shape, when this layer starts a `Sequential`.
    ///   - name: the layer's name (default: `re_lu`, `re_lu_1`, ...).
    public init(maxValue: Float? = nil, negativeSlope: Float = 0, threshold: Float = 0,
                inputShape: [Int]? = nil, name: String? = nil) {
        self.maxValue = maxValue
        self.negativeSlope = negativeSlope
        self.threshold = threshold
        super.init(name: name, inputShape: inputShape)
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "ReLU" }

    /// Keras's `supports_masking`: a sequence mask passes through unchanged.
    override public var supportsMasking: Bool { true }

    /// Checks the configuration.
    override public func build(inputShape: [Int]) throws {
        _ = try computeOutputShape(inputShape)
    }

    /// The input shape, unchanged.
    /// - Throws: `DLError.invalidArgument` for a negative `maxValue` or `negativeSlope`.
    override public func computeOutputShape(_ inputShape: [Int]) throws -> [Int] {
        try require((maxValue ?? 0) >= 0, "maxValue must be non-negative. Received: maxValue=\(maxValue ?? 0)")
        try require(negativeSlope >= 0, "negativeSlope must be non-negative. Received: negativeSlope=\(negativeSlope)")
        return inputShape
    }

    /// `relu(input, negativeSlope:maxValue:threshold:)`, Keras's formula (NaN stays NaN).
    override public func call(_ input: Tensor, training: Bool) -> Tensor {
        relu(input, negativeSlope: negativeSlope, maxValue: maxValue, threshold: threshold)
    }

    /// Keras's configuration: the base keys, `max_value` (`null` for none), `negative_slope` and `threshold`.
    override public func getConfig() -> LayerConfig {
        config(with: ["max_value": maxValue.map(LayerConfig.float) ?? .null,
                      "negative_slope": .float(negativeSlope), "threshold": .float(threshold)])
    }

    /// A ReLU layer from Keras's configuration.
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown or ill-typed key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            ReLU(maxValue: try reader.optionalFloat("max_value"), negativeSlope: try reader.float("negative_slope", default: 0),
                 threshold: try reader.float("threshold", default: 0), inputShape: base.inputShape, name: base.name)
        }
    }
}
