/// The base of RandomBrightness and RandomContrast: each image of a training batch draws one value
/// from `factor` and has its pixel values changed by it, clipped to `valueRange`; the identity
/// outside training. Shapes: `[batch, height, width, channels]` (or one image) unchanged.
/// A constant-input transform (no gradient in training). Seeds and draws are `RandomImageLayer`'s.
public class RandomValueLayer: RandomImageLayer {
    /// The range of the factor (each subclass says how a draw from it changes the pixels).
    public let factor: FactorRange
    /// The range outputs are clipped to.
    public let valueRange: (lower: Float, upper: Float)
    /// `value_range` as Keras writes it back.
    let valueRangeJSON: LayerConfig

    init(factor: FactorRange, valueRange: (Float, Float), valueRangeJSON: LayerConfig, seed: UInt64?,
         inputShape: [Int]?, name: String?) {
        (self.factor, self.valueRange, self.valueRangeJSON) = (factor, valueRange, valueRangeJSON)
        super.init(seed: seed, inputShape: inputShape, name: name)
    }

    /// Keras's configuration: the base keys, `factor` `[lower, upper]`, `value_range`, `seed` and `data_format`.
    override public func getConfig() -> LayerConfig {
        config(with: ["factor": factor.json, "value_range": valueRangeJSON, "seed": seedJSON(seed), "data_format": .channelsLast])
    }

    /// The settings both layers read from Keras's configuration, in this order: `factor` (required;
    /// a number means `[−|f|, |f|]`, or `[0, |f|]` when `nonNegative`), `value_range` (default
    /// `(0, 255)`), `data_format` and `seed`.
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for a missing or ill-typed setting.
    static func readSettings(_ reader: inout ConfigReader, nonNegative: Bool) throws
        -> (factor: FactorRange, lower: Float, upper: Float, valueRangeJSON: LayerConfig, seed: UInt64?) {
        guard let factor = try reader.factorRange("factor", symmetric: true, nonNegative: nonNegative) else {
            throw reader.valueError("factor", "is required. Received: factor=null")
        }
        let (lower, upper, json) = try reader.valueRange(default: (0, 255))
        try reader.channelsLast()
        return (factor, lower, upper, json, try reader.seed())
    }

    /// One image's value from the generator (each subclass draws its own).
    func drawValue(using rng: inout SplitMix64) -> Float { 0 }

    /// `input` with image b changed by `values[b]` (each subclass applies its own).
    func apply(_ input: Tensor, values: [Float]) -> Tensor { input }

    /// In training, each image changed by its own draw; otherwise `input`.
    override public func call(_ input: Tensor, training: Bool) -> Tensor {
        guard training else { return input }
        return apply(input, values: draw(ImageBatchShape(input.shape, errorContext).batch) { drawValue(using: &$0) })
    }
}
