/// Zooms each image of a training batch in or out by a random factor about its centre (Keras
/// `RandomZoom`); the identity outside training. Shapes: `[batch, height, width, channels]` (or one image) unchanged.
///
/// The vertical scale is drawn from `1 + [lower, upper]` of `heightFactor` (a factor `f` means
/// `[−|f|, |f|]`; positive zooms out), the horizontal one from `widthFactor` the same way, or equal
/// to the vertical one when `widthFactor` is nil (keeping the aspect ratio). See `RandomAffineLayer`
/// for fills, seeds and gradients. A factor outside `(-1, 1]` is reported when the layer is built.
public final class RandomZoom: RandomAffineLayer {
    /// The vertical zoom range.
    public let heightFactor: FactorRange
    /// The horizontal zoom range, or nil to zoom both axes alike.
    public let widthFactor: FactorRange?

    /// A zoom layer.
    /// - Parameters:
    ///   - heightFactor: the largest vertical zoom, in `(-1, 1]` (positive zooms out).
    ///   - widthFactor: the largest horizontal zoom, or nil (default) for the vertical one.
    ///   - fillMode: how points outside the image are filled (default `.reflect`, as Keras).
    ///   - interpolation: `.bilinear` (default) or `.nearest`.
    ///   - fillValue: the value of outside points with `.constant`.
    ///   - seed: makes the zooms repeatable on their own.
    ///   - inputShape: the per-sample input shape, when this layer starts a `Sequential`.
    ///   - name: the layer's name (default: `random_zoom`, ...).
    public convenience init(_ heightFactor: Float, widthFactor: Float? = nil, fillMode: FillMode = .reflect,
                            interpolation: ImageInterpolation = .bilinear, fillValue: Float = 0, seed: UInt64? = nil,
                            inputShape: [Int]? = nil, name: String? = nil) {
        self.init(height: .raw(heightFactor), width: widthFactor.map { .raw($0) }, fillMode: fillMode,
                  interpolation: interpolation, fillValue: fillValue, seed: seed, inputShape: inputShape, name: name)
    }

    /// A zoom layer with `(lower, upper)` ranges.
    public convenience init(heightRange: (Float, Float), widthRange: (Float, Float)? = nil, fillMode: FillMode = .reflect,
                            interpolation: ImageInterpolation = .bilinear, fillValue: Float = 0, seed: UInt64? = nil,
                            inputShape: [Int]? = nil, name: String? = nil) {
        self.init(height: .rawPair(heightRange.0, heightRange.1), width: widthRange.map { .rawPair($0.0, $0.1) },
                  fillMode: fillMode, interpolation: interpolation, fillValue: fillValue, seed: seed,
                  inputShape: inputShape, name: name)
    }

    init(height: FactorRange, width: FactorRange?, fillMode: FillMode, interpolation: ImageInterpolation, fillValue: Float,
         seed: UInt64?, inputShape: [Int]?, name: String?) {
        (self.heightFactor, self.widthFactor) = (height, width)
        super.init(fillMode: fillMode, interpolation: interpolation, fillValue: fillValue, seed: seed,
                   inputShape: inputShape, name: name)
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "RandomZoom" }

    /// Keras's configuration: the base keys, `height_factor` and `width_factor` (as given, or null),
    /// `data_format`, `fill_mode`, `fill_value`, `interpolation` and `seed`.
    override public func getConfig() -> LayerConfig {
        affineConfig(["height_factor": heightFactor.json, "width_factor": widthFactor?.json ?? .null])
    }

    /// A zoom layer from Keras's configuration.
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown, ill-typed or
    ///   out-of-range setting.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            guard let height = try reader.factorRange("height_factor", symmetric: false) else {
                throw reader.valueError("height_factor", "is required. Received: height_factor=null")
            }
            let width = try reader.factorRange("width_factor", symmetric: false)
            let settings = try readAffineSettings(&reader)
            let layer = RandomZoom(height: height, width: width, fillMode: settings.fillMode,
                                   interpolation: settings.interpolation, fillValue: settings.fillValue,
                                   seed: settings.seed, inputShape: base.inputShape, name: base.name)
            try layer.validate()
            return layer
        }
    }

    /// Keras's bounds: every number in `(-1, 1]`.
    override func validate() throws {
        try requireFactors([("height_factor", heightFactor), ("width_factor", widthFactor)], inRange: "(-1.0, 1.0]") {
            $0.lower > -1 && $0.upper <= 1
        }
    }

    override func drawTransform(height: Int, width: Int, using rng: inout SplitMix64) -> [Float] {
        let zy = 1 + heightFactor.lower + (heightFactor.upper - heightFactor.lower) * rng.nextUniform()
        let zx = widthFactor.map { 1 + $0.lower + ($0.upper - $0.lower) * rng.nextUniform() } ?? zy
        return Self.transform(zx: zx, zy: zy, height: height, width: width)
    }

    /// Keras's transform for zooms `zx` (width) and `zy` (height) about the centre of a `height × width` image.
    package static func transform(zx: Float, zy: Float, height: Int, width: Int) -> [Float] {
        [zx, 0, (Float(width) - 1) / 2 * (1 - zx), 0, zy, (Float(height) - 1) / 2 * (1 - zy), 0, 0]
    }
}
