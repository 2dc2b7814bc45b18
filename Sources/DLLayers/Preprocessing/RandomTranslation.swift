/// Shifts each image of a training batch by a random offset (Keras `RandomTranslation`); the
/// identity outside training. Shapes: `[batch, height, width, channels]` (or one image) unchanged.
///
/// The shifts are drawn uniformly from `[lower, upper] · height` rows and `[lower, upper] · width`
/// columns (a factor `f` means `[−|f|, |f|]`; positive moves the content down / right). See
/// `RandomAffineLayer` for fills, seeds and gradients. A factor outside `[-1, 1]` is reported when
/// the layer is built (a thrown `DLError`).
public final class RandomTranslation: RandomAffineLayer {
    /// The vertical shift range, as fractions of the height.
    public let heightFactor: FactorRange
    /// The horizontal shift range, as fractions of the width.
    public let widthFactor: FactorRange

    /// A translation layer shifting by up to `heightFactor · height` rows and `widthFactor · width` columns.
    /// - Parameters:
    ///   - heightFactor: the largest vertical shift as a fraction of the height, in `[-1, 1]`.
    ///   - widthFactor: the largest horizontal shift as a fraction of the width, in `[-1, 1]`.
    ///   - fillMode: how points outside the image are filled (default `.reflect`, as Keras).
    ///   - interpolation: `.bilinear` (default) or `.nearest`.
    ///   - fillValue: the value of outside points with `.constant`.
    ///   - seed: makes the shifts repeatable on their own.
    ///   - inputShape: the per-sample input shape, when this layer starts a `Sequential`.
    ///   - name: the layer's name (default: `random_translation`, ...).
    public convenience init(heightFactor: Float, widthFactor: Float, fillMode: FillMode = .reflect,
                            interpolation: ImageInterpolation = .bilinear, fillValue: Float = 0, seed: UInt64? = nil,
                            inputShape: [Int]? = nil, name: String? = nil) {
        self.init(height: .raw(heightFactor), width: .raw(widthFactor), fillMode: fillMode, interpolation: interpolation,
                  fillValue: fillValue, seed: seed, inputShape: inputShape, name: name)
    }

    /// A translation layer with `(lower, upper)` ranges for each axis.
    public convenience init(heightRange: (Float, Float), widthRange: (Float, Float), fillMode: FillMode = .reflect,
                            interpolation: ImageInterpolation = .bilinear, fillValue: Float = 0, seed: UInt64? = nil,
                            inputShape: [Int]? = nil, name: String? = nil) {
        self.init(height: .rawPair(heightRange.0, heightRange.1), width: .rawPair(widthRange.0, widthRange.1),
                  fillMode: fillMode, interpolation: interpolation, fillValue: fillValue, seed: seed,
                  inputShape: inputShape, name: name)
    }

    init(height: FactorRange, width: FactorRange, fillMode: FillMode, interpolation: ImageInterpolation, fillValue: Float,
         seed: UInt64?, inputShape: [Int]?, name: String?) {
        (self.heightFactor, self.widthFactor) = (height, width)
        super.init(fillMode: fillMode, interpolation: interpolation, fillValue: fillValue, seed: seed,
                   inputShape: inputShape, name: name)
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "RandomTranslation" }

    /// Keras's configuration: the base keys, `height_factor` and `width_factor` (as given),
    /// `data_format`, `fill_mode`, `fill_value`, `interpolation` and `seed`.
    override public func getConfig() -> LayerConfig {
        affineConfig(["height_factor": heightFactor.json, "width_factor": widthFactor.json])
    }

    /// A translation layer from Keras's configuration.
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown, ill-typed or
    ///   out-of-range setting.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            guard let height = try reader.factorRange("height_factor", symmetric: false),
                  let width = try reader.factorRange("width_factor", symmetric: false) else {
                throw reader.valueError("height_factor", "height_factor and width_factor are required. Received: null")
            }
            let settings = try readAffineSettings(&reader)
            let layer = RandomTranslation(height: height, width: width, fillMode: settings.fillMode,
                                          interpolation: settings.interpolation, fillValue: settings.fillValue,
                                          seed: settings.seed, inputShape: base.inputShape, name: base.name)
            try layer.validate()
            return layer
        }
    }

    /// Keras's bounds: every number in `[-1, 1]`.
    override func validate() throws {
        try requireFactors([("height_factor", heightFactor), ("width_factor", widthFactor)], inRange: "[-1.0, 1.0]") {
            $0.lower >= -1 && $0.upper <= 1
        }
    }

    override func drawTransform(height: Int, width: Int, using rng: inout SplitMix64) -> [Float] {
        let dy = (heightFactor.lower + (heightFactor.upper - heightFactor.lower) * rng.nextUniform()) * Float(height)
        let dx = (widthFactor.lower + (widthFactor.upper - widthFactor.lower) * rng.nextUniform()) * Float(width)
        return Self.transform(dx: dx, dy: dy)
    }

    /// Keras's transform for a shift by `dx` columns and `dy` rows.
    package static func transform(dx: Float, dy: Float) -> [Float] { [1, 0, -dx, 0, 1, -dy, 0, 0] }
}
