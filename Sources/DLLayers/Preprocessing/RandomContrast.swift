/// Changes the contrast of each image of a training batch by a random factor (Keras `RandomContrast`);
/// the identity outside training. Shapes: `[batch, height, width, channels]` (or one image) unchanged.
///
/// As Keras 3 computes it: each image draws `f` uniformly from `[1 − lower, 1 + upper]` (a number
/// `factor` means `[0, factor]`, so `f ∈ [1, 1 + factor]`), and each pixel `x` of a channel with mean
/// `m` over the image becomes `clamp((x − m)·f + m, valueRange)`. A constant-input transform (no
/// gradient in training). A factor outside `[0, 1]` is reported when the layer is built.
public final class RandomContrast: Layer {
    /// The factor range (`f` is drawn from `[1 − lower, 1 + upper]`).
    public let factor: FactorRange
    /// The range outputs are clipped to.
    public let valueRange: (lower: Float, upper: Float)
    /// The seed of the layer's own generator, if any.
    public let seed: UInt64?
    private let valueRangeJSON: LayerConfig
    private var generator: SplitMix64?

    /// A random contrast layer.
    /// - Parameters:
    ///   - factor: the contrast change, in `[0, 1]`.
    ///   - valueRange: the range of the pixel values, outputs clipped to it (default `(0, 255)`, as Keras).
    ///   - seed: makes the changes repeatable on their own.
    ///   - inputShape: the per-sample input shape, when this layer starts a `Sequential`.
    ///   - name: the layer's name (default: `random_contrast`, ...).
    public convenience init(_ factor: Float, valueRange: (Float, Float) = (0, 255), seed: UInt64? = nil,
                            inputShape: [Int]? = nil, name: String? = nil) {
        self.init(range: .symmetric(factor, nonNegative: true), valueRange: valueRange, valueRangeJSON: rangeJSON(valueRange),
                  seed: seed, inputShape: inputShape, name: name)
    }

    /// A random contrast layer with a `(lower, upper)` factor pair (`f ∈ [1 − lower, 1 + upper]`).
    public convenience init(factor: (Float, Float), valueRange: (Float, Float) = (0, 255), seed: UInt64? = nil,
                            inputShape: [Int]? = nil, name: String? = nil) {
        self.init(range: .pair(factor.0, factor.1), valueRange: valueRange, valueRangeJSON: rangeJSON(valueRange),
                  seed: seed, inputShape: inputShape, name: name)
    }

    init(range: FactorRange, valueRange: (Float, Float), valueRangeJSON: LayerConfig, seed: UInt64?,
         inputShape: [Int]?, name: String?) {
        (self.factor, self.valueRange, self.valueRangeJSON, self.seed) = (range, valueRange, valueRangeJSON, seed)
        self.generator = seed.map { SplitMix64(seed: $0) }
        super.init(name: name, inputShape: inputShape)
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "RandomContrast" }

    /// Keras's configuration: the base keys, `factor` `[lower, upper]`, `value_range`, `seed` and `data_format`.
    override public func getConfig() -> LayerConfig {
        config(with: ["factor": factor.json, "value_range": valueRangeJSON, "seed": seedJSON(seed), "data_format": .channelsLast])
    }

    /// A random contrast layer from Keras's configuration.
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown, ill-typed or out-of-range setting.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            guard let factor = try reader.factorRange("factor", symmetric: true, nonNegative: true) else {
                throw reader.valueError("factor", "is required. Received: factor=null")
            }
            let (lower, upper, json) = try reader.valueRange(default: (0, 255))
            try reader.channelsLast()
            let layer = RandomContrast(range: factor, valueRange: (lower, upper), valueRangeJSON: json, seed: try reader.seed(),
                                       inputShape: base.inputShape, name: base.name)
            try layer.validate()
            return layer
        }
    }

    /// Keras's bounds: a number in `[0, 1]`, or a pair with `lower ≤ 1` and `upper ≥ 0`.
    func validate() throws {
        try require(factor.lower <= 1 && factor.upper >= 0 && !(factor.lower == 0 && factor.upper > 1),
                    "the factor must be a number (or a list of two numbers) in the range [0, 1]. Received: factor=\(factor.shown)")
    }

    /// Checks the factor and the input shape.
    override public func build(inputShape: [Int]) throws { _ = try computeOutputShape(inputShape) }

    /// The input shape, unchanged.
    /// - Throws: `DLError.invalidArgument` for a bad factor; `DLError.shapeMismatch` for an input that is not an image.
    override public func computeOutputShape(_ inputShape: [Int]) throws -> [Int] {
        try validate()
        try requireImageShape(inputShape)
        return inputShape
    }

    /// In training, each image's contrast changed by a random factor; otherwise `input`.
    override public func call(_ input: Tensor, training: Bool) -> Tensor {
        guard training else { return input }
        let batch = ImageBatchShape(input.shape, errorContext).batch
        var rng = generator ?? Random.makeGenerator(seed: nil)
        let low = 1 - factor.lower, high = 1 + factor.upper
        let factors = (0..<batch).map { _ in low + (high - low) * rng.nextUniform() }
        if generator != nil { generator = rng }
        return apply(input, factors: factors)
    }

    /// `input` with image b's contrast scaled by `factors[b]` about its channel means, clipped to `valueRange`.
    package func apply(_ input: Tensor, factors: [Float]) -> Tensor {
        transformedImages(input) { x, v, out in
            ImageTransformKernels.contrast(x, batch: v.batch, height: v.height, width: v.width, channels: v.channels,
                                           factor: factors, lower: valueRange.lower, upper: valueRange.upper, into: out)
        }
    }
}

/// A `(lower, upper)` pair as JSON: integers where the values are whole (as `(0, 255)` is written).
func rangeJSON(_ range: (Float, Float)) -> LayerConfig {
    let item = { (v: Float) -> LayerConfig in v.rounded() == v && Swift.abs(v) < 1e9 ? .int(Int(v)) : .float(v) }
    return [item(range.0), item(range.1)]
}
