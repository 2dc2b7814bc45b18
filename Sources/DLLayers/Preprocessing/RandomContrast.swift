/// Changes the contrast of each image of a training batch by a random factor (Keras `RandomContrast`);
/// the identity outside training. Shapes: `[batch, height, width, channels]` (or one image) unchanged.
///
/// As Keras 3 computes it: each image draws `f` uniformly from `[1 − lower, 1 + upper]` (a number
/// `factor` means `[0, factor]`, so `f ∈ [1, 1 + factor]`), and each pixel `x` of a channel with mean
/// `m` over the image becomes `clamp((x − m)·f + m, valueRange)`. A constant-input transform (no
/// gradient in training). A factor outside `[0, 1]` is reported when the layer is built.
public final class RandomContrast: RandomValueLayer {
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

    /// The value range is kept as given.
    init(range: FactorRange, valueRange: (Float, Float), valueRangeJSON: LayerConfig, seed: UInt64?,
         inputShape: [Int]?, name: String?) {
        super.init(factor: range, valueRange: valueRange, valueRangeJSON: valueRangeJSON, seed: seed,
                   inputShape: inputShape, name: name)
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "RandomContrast" }

    /// A random contrast layer from Keras's configuration.
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown, ill-typed or out-of-range setting.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            let settings = try readSettings(&reader, nonNegative: true)
            let layer = RandomContrast(range: settings.factor, valueRange: (settings.lower, settings.upper),
                                       valueRangeJSON: settings.valueRangeJSON, seed: settings.seed,
                                       inputShape: base.inputShape, name: base.name)
            try layer.validate()
            return layer
        }
    }

    /// Keras's bounds: a number in `[0, 1]`, or a pair with `lower ≤ 1` and `upper ≥ 0`.
    override func validate() throws {
        try require(factor.lower <= 1 && factor.upper >= 0 && !(factor.lower == 0 && factor.upper > 1),
                    "the factor must be a number (or a list of two numbers) in the range [0, 1]. Received: factor=\(factor.shown)")
    }

    /// `f` uniform in `[1 − lower, 1 + upper]`.
    override func drawValue(using rng: inout SplitMix64) -> Float {
        let low = 1 - factor.lower, high = 1 + factor.upper
        return low + (high - low) * rng.nextUniform()
    }

    override func apply(_ input: Tensor, values: [Float]) -> Tensor { apply(input, factors: values) }

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
