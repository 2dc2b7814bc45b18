/// Shifts the brightness of each image of a training batch by a random amount (Keras
/// `RandomBrightness`); the identity outside training. Shapes: `[batch, height, width, channels]`
/// (or one image) unchanged.
///
/// Each image draws `δ` uniformly from `[lower, upper]` (a number `factor` means `[−factor, factor]`)
/// and becomes `clamp(x + δ·(high − low), low, high)` for `valueRange = (low, high)`. A
/// constant-input transform (no gradient in training). A factor outside `[-1, 1]` is reported when
/// the layer is built.
public final class RandomBrightness: Layer {
    /// The range of `δ`, as fractions of the value range.
    public let factor: FactorRange
    /// The range of the pixel values (sorted); outputs are clipped to it.
    public let valueRange: (lower: Float, upper: Float)
    /// The seed of the layer's own generator, if any.
    public let seed: UInt64?
    private let valueRangeJSON: LayerConfig
    private var generator: SplitMix64?

    /// A random brightness layer.
    /// - Parameters:
    ///   - factor: the largest shift as a fraction of the value range, in `[-1, 1]`.
    ///   - valueRange: the range of the pixel values (default `(0, 255)`, as Keras).
    ///   - seed: makes the shifts repeatable on their own.
    ///   - inputShape: the per-sample input shape, when this layer starts a `Sequential`.
    ///   - name: the layer's name (default: `random_brightness`, ...).
    public convenience init(_ factor: Float, valueRange: (Float, Float) = (0, 255), seed: UInt64? = nil,
                            inputShape: [Int]? = nil, name: String? = nil) {
        self.init(range: .symmetric(factor), valueRange: valueRange, seed: seed, inputShape: inputShape, name: name)
    }

    /// A random brightness layer with a `(lower, upper)` factor pair.
    public convenience init(factor: (Float, Float), valueRange: (Float, Float) = (0, 255), seed: UInt64? = nil,
                            inputShape: [Int]? = nil, name: String? = nil) {
        self.init(range: .pair(factor.0, factor.1), valueRange: valueRange, seed: seed, inputShape: inputShape, name: name)
    }

    init(range: FactorRange, valueRange: (Float, Float), seed: UInt64?, inputShape: [Int]?, name: String?,
         valueRangeJSON: LayerConfig? = nil) {
        let sorted = (Swift.min(valueRange.0, valueRange.1), Swift.max(valueRange.0, valueRange.1))
        (self.factor, self.valueRange, self.seed) = (range, sorted, seed)
        self.valueRangeJSON = valueRangeJSON ?? rangeJSON(sorted)
        self.generator = seed.map { SplitMix64(seed: $0) }
        super.init(name: name, inputShape: inputShape)
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "RandomBrightness" }

    /// Keras's configuration: the base keys, `factor` `[lower, upper]`, `value_range` (sorted), `seed` and `data_format`.
    override public func getConfig() -> LayerConfig {
        config(with: ["factor": factor.json, "value_range": valueRangeJSON, "seed": seedJSON(seed), "data_format": .channelsLast])
    }

    /// A random brightness layer from Keras's configuration.
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown, ill-typed or out-of-range setting.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            guard let factor = try reader.factorRange("factor", symmetric: true) else {
                throw reader.valueError("factor", "is required. Received: factor=null")
            }
            let (a, b, json) = try reader.valueRange(default: (0, 255))
            let items = json.arrayValue ?? []
            try reader.channelsLast()
            let layer = RandomBrightness(range: factor, valueRange: (a, b), seed: try reader.seed(), inputShape: base.inputShape,
                                         name: base.name, valueRangeJSON: a <= b ? json : .array(items.reversed()))
            try layer.validate()
            return layer
        }
    }

    /// Keras's bounds: a number in `[-1, 1]`, or a pair with `lower ≤ 1` and `upper ≥ -1`.
    func validate() throws {
        let symmetricTooWide = factor.lower == -factor.upper && factor.upper > 1
        try require(factor.lower <= 1 && factor.upper >= -1 && !symmetricTooWide,
                    "the factor must be a number (or a list of two numbers) in the range [-1, 1]. Received: factor=\(factor.shown)")
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

    /// In training, each image's brightness shifted by a random amount; otherwise `input`.
    override public func call(_ input: Tensor, training: Bool) -> Tensor {
        guard training else { return input }
        let batch = ImageBatchShape(input.shape, errorContext).batch
        var rng = generator ?? Random.makeGenerator(seed: nil)
        let span = valueRange.upper - valueRange.lower
        let deltas = (0..<batch).map { _ in (factor.lower + (factor.upper - factor.lower) * rng.nextUniform()) * span }
        if generator != nil { generator = rng }
        return apply(input, deltas: deltas)
    }

    /// `input` with `deltas[b]` added to image b, clipped to `valueRange`.
    package func apply(_ input: Tensor, deltas: [Float]) -> Tensor {
        transformedImages(input) { x, v, out in
            ImageTransformKernels.brightness(x, batch: v.batch, delta: deltas, lower: valueRange.lower,
                                             upper: valueRange.upper, into: out)
        }
    }
}
