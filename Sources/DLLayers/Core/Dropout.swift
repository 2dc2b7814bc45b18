/// Randomly zeroes inputs while training (Keras `Dropout`, inverted dropout): each scalar is kept
/// with probability `1 − rate` and scaled by `1 / (1 − rate)`, so the expected value is unchanged;
/// at inference the layer is the identity. Shapes: `[batch, ...] → [batch, ...]`.
///
/// Masks come from `Random`: with a `seed`, from the layer's own generator (the same seed gives
/// the same sequence of masks); without one, from the global generator (`Random.seed(_:)`).
/// A `rate` outside `[0, 1)` is reported when the layer is built (a thrown `DLError`).
public final class Dropout: Layer {
    /// The fraction of inputs zeroed in training, in `[0, 1)`.
    public let rate: Float
    /// The seed of the layer's own mask generator, if any.
    public let seed: UInt64?
    private var generator: SplitMix64?

    /// A dropout layer.
    /// - Parameters:
    ///   - rate: the fraction of inputs to drop, in `[0, 1)`.
    ///   - seed: makes the masks repeatable on their own.
    ///   - inputShape: the per-sample input shape, when this layer starts a `Sequential`.
    ///   - name: the layer's name (default: `dropout`, `dropout_1`, ...).
    public init(_ rate: Float, seed: UInt64? = nil, inputShape: [Int]? = nil, name: String? = nil) {
        self.rate = rate
        self.seed = seed
        self.generator = seed.map { SplitMix64(seed: $0) }
        super.init(name: name, inputShape: inputShape)
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "Dropout" }

    /// Keras's `supports_masking`: a sequence mask passes through unchanged.
    override public var supportsMasking: Bool { true }

    /// Keras's configuration: the base keys, `rate`, `seed` and `noise_shape` (always `null` here).
    override public func getConfig() -> LayerConfig {
        config(with: ["rate": .float(rate), "seed": seed.map { .int(Int(truncatingIfNeeded: $0)) } ?? .null, "noise_shape": nil])
    }

    /// A dropout layer from Keras's configuration (`noise_shape` must be `null`; a seed is written
    /// as an integer, one above `Int.max` as its two's-complement bit pattern, and read back the same way).
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown or ill-typed key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            let rate = try reader.float("rate")
            let seed = try reader.optionalInt("seed").map { UInt64(bitPattern: Int64($0)) }
            try reader.ignoreIfNull(["noise_shape"])
            return Dropout(rate, seed: seed, inputShape: base.inputShape, name: base.name)
        }
    }

    /// Checks the rate.
    override public func build(inputShape: [Int]) throws {
        _ = try computeOutputShape(inputShape)
    }

    /// The input shape, unchanged.
    /// - Throws: `DLError.invalidArgument` when `rate` is outside `[0, 1)`.
    override public func computeOutputShape(_ inputShape: [Int]) throws -> [Int] {
        try require(rate >= 0 && rate < 1, "rate must be a float in [0, 1). Received: rate=\(rate)")
        return inputShape
    }

    /// In training, `input ⊙ mask` with mask scalars 0 (probability `rate`) or `1 / (1 − rate)`;
    /// otherwise `input`.
    override public func call(_ input: Tensor, training: Bool) -> Tensor {
        guard training, rate > 0 else { return input }
        var rng = generator ?? Random.makeGenerator(seed: nil)
        let keep = 1 - rate, scale = 1 / (1 - rate)
        let mask = Tensor(shape: input.shape) { out in
            for i in 0..<out.count { out[i] = rng.nextUniform() < keep ? scale : 0 }
        }
        if generator != nil { generator = rng }
        return input * mask
    }
}
