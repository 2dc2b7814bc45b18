/// Shifts the brightness of each image of a training batch by a random amount (Keras
/// `RandomBrightness`); the identity outside training. Shapes: `[batch, height, width, channels]`
/// (or one image) unchanged.
///
/// Each image draws `δ` uniformly from `[lower, upper]` (a number `factor` means `[−factor, factor]`)
/// and becomes `clamp(x + δ·(high − low), low, high)` for `valueRange = (low, high)`. A
/// constant-input transform (no gradient in training). A factor outside `[-1, 1]` is reported when
/// the layer is built.
public final class RandomBrightness: RandomValueLayer {
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

    /// The value range is sorted (and written back sorted), as Keras does.
    init(range: FactorRange, valueRange: (Float, Float), seed: UInt64?, inputShape: [Int]?, name: String?,
         valueRangeJSON: LayerConfig? = nil) {
        let sorted = (Swift.min(valueRange.0, valueRange.1), Swift.max(valueRange.0, valueRange.1))
        super.init(factor: range, valueRange: sorted, valueRangeJSON: valueRangeJSON ?? rangeJSON(sorted), seed: seed,
                   inputShape: inputShape, name: name)
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "RandomBrightness" }

    /// A random brightness layer from Keras's configuration.
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown, ill-typed or out-of-range setting.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            let settings = try readSettings(&reader, nonNegative: false)
            let (a, b, json) = (settings.lower, settings.upper, settings.valueRangeJSON)
            let layer = RandomBrightness(range: settings.factor, valueRange: (a, b), seed: settings.seed, inputShape: base.inputShape,
                                         name: base.name, valueRangeJSON: a <= b ? json : .array((json.arrayValue ?? []).reversed()))
            try layer.validate()
            return layer
        }
    }

    /// Keras's bounds: a number in `[-1, 1]`, or a pair with `lower ≤ 1` and `upper ≥ -1`.
    override func validate() throws { try requireUnitFactor(factor) }

    /// `δ·(high − low)`, `δ` uniform in `[lower, upper]`.
    override func drawValue(using rng: inout SplitMix64) -> Float {
        (factor.lower + (factor.upper - factor.lower) * rng.nextUniform()) * (valueRange.upper - valueRange.lower)
    }

    override func apply(_ input: Tensor, values: [Float]) -> Tensor { apply(input, deltas: values) }

    /// `input` with `deltas[b]` added to image b, clipped to `valueRange`.
    package func apply(_ input: Tensor, deltas: [Float]) -> Tensor {
        transformedImages(input) { x, v, out in
            ImageTransformKernels.brightness(x, batch: v.batch, delta: deltas, lower: valueRange.lower,
                                             upper: valueRange.upper, into: out)
        }
    }
}
