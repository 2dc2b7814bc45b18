/// Randomly zeroes whole channels of images while training (Keras `SpatialDropout2D`): each
/// (sample, channel) feature map is kept with probability `1 − rate` and scaled by `1 / (1 − rate)`,
/// or zeroed entirely; at inference the layer is the identity. Shapes: `[batch, height, width, channels] → the same`.
///
/// Masks come from `Random` as `Dropout`'s do: with a `seed`, from the layer's own generator (the
/// same seed gives the same sequence of masks); without one, from the global generator
/// (`Random.seed(_:)`). One draw per (sample, channel), samples first.
/// A `rate` outside `[0, 1)` or an input that is not rank 3 per sample is reported when the layer is built (a thrown `DLError`).
public final class SpatialDropout2D: Layer {
    /// The fraction of channels zeroed in training, in `[0, 1)`.
    public let rate: Float
    /// The seed of the layer's own mask generator, if any.
    public let seed: UInt64?
    private var generator: SplitMix64?

    /// A spatial dropout layer.
    /// - Parameters:
    ///   - rate: the fraction of channels to drop, in `[0, 1)`.
    ///   - seed: makes the masks repeatable on their own.
    ///   - inputShape: the per-sample input shape `[height, width, channels]`, when this layer starts a `Sequential`.
    ///   - name: the layer's name (default: `spatial_dropout2d`, ...).
    public init(_ rate: Float, seed: UInt64? = nil, inputShape: [Int]? = nil, name: String? = nil) {
        self.rate = rate
        self.seed = seed
        self.generator = seed.map { SplitMix64(seed: $0) }
        super.init(name: name, inputShape: inputShape)
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "SpatialDropout2D" }

    /// Keras's configuration, exactly the keys Keras 3 writes for this layer: `name`, `rate`,
    /// `seed`, `data_format` and `dtype` as the string `"float32"` (no `trainable`).
    override public func getConfig() -> LayerConfig {
        ["name": .string(name), "rate": .float(rate), "seed": seed.map { .int(Int(truncatingIfNeeded: $0)) } ?? .null,
         "data_format": .channelsLast, "dtype": "float32"]
    }

    /// A spatial dropout layer from Keras's configuration (channels-last only; a seed is read as `Dropout` reads it).
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown or ill-typed key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            let rate = try reader.float("rate")
            let seed = try reader.optionalInt("seed").map { UInt64(bitPattern: Int64($0)) }
            try reader.channelsLast()
            return SpatialDropout2D(rate, seed: seed, inputShape: base.inputShape, name: base.name)
        }
    }

    /// Checks the rate and the input's rank.
    override public func build(inputShape: [Int]) throws {
        _ = try computeOutputShape(inputShape)
    }

    /// The input shape, unchanged.
    /// - Throws: `DLError.invalidArgument` when `rate` is outside `[0, 1)`; `DLError.shapeMismatch`
    ///   for an input that is not `[height, width, channels]`.
    override public func computeOutputShape(_ inputShape: [Int]) throws -> [Int] {
        try require(rate >= 0 && rate < 1, "rate must be a float in [0, 1). Received: rate=\(rate)")
        try requireRank(inputShape, 3, "[height, width, channels]")
        return inputShape
    }

    /// In training, `input ⊙ mask` with a mask `[batch, 1, 1, channels]` of 0 (probability `rate`)
    /// or `1 / (1 − rate)`; otherwise `input`.
    override public func call(_ input: Tensor, training: Bool) -> Tensor {
        guard training, rate > 0 else { return input }
        var rng = generator ?? Random.makeGenerator(seed: nil)
        let keep = 1 - rate, scale = 1 / (1 - rate)
        let channels = input.shape.last ?? 1
        let mask = Tensor(shape: [input.shape[0], 1, 1, channels]) { out in
            for i in 0..<out.count { out[i] = rng.nextUniform() < keep ? scale : 0 }
        }
        if generator != nil { generator = rng }
        return input * mask
    }
}
