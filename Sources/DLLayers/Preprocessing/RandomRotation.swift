#if canImport(Glibc)
import Glibc
#endif

/// Rotates each image of a training batch by a random angle about its centre (Keras `RandomRotation`);
/// the identity outside training. Shapes: `[batch, height, width, channels]` (or one image) unchanged.
///
/// The angle is drawn uniformly from `[lower · 360°, upper · 360°]` (a `factor` of 0.1 gives
/// ±36°), and the image warped as Keras's `_compute_affine_matrix` gives: about the centre
/// `((width − 1)/2, (height − 1)/2)`. See `RandomAffineLayer` for fills, seeds and gradients.
/// A factor outside `[-1, 1]` is reported when the layer is built (a thrown `DLError`).
public final class RandomRotation: RandomAffineLayer {
    /// The range of the angle, as fractions of a full turn.
    public let factor: FactorRange

    /// A rotation layer with angles in `[−factor, factor] · 360°`.
    /// - Parameters:
    ///   - factor: the largest angle as a fraction of a full turn, in `[-1, 1]`.
    ///   - fillMode: how points outside the image are filled (default `.reflect`, as Keras).
    ///   - interpolation: `.bilinear` (default) or `.nearest`.
    ///   - fillValue: the value of outside points with `.constant`.
    ///   - seed: makes the rotations repeatable on their own.
    ///   - inputShape: the per-sample input shape, when this layer starts a `Sequential`.
    ///   - name: the layer's name (default: `random_rotation`, ...).
    public convenience init(_ factor: Float, fillMode: FillMode = .reflect, interpolation: ImageInterpolation = .bilinear,
                            fillValue: Float = 0, seed: UInt64? = nil, inputShape: [Int]? = nil, name: String? = nil) {
        self.init(range: .symmetric(factor), fillMode: fillMode, interpolation: interpolation, fillValue: fillValue,
                  seed: seed, inputShape: inputShape, name: name)
    }

    /// A rotation layer with angles in `[lower, upper] · 360°` (the pair is sorted, as Keras does).
    public convenience init(factor: (Float, Float), fillMode: FillMode = .reflect, interpolation: ImageInterpolation = .bilinear,
                            fillValue: Float = 0, seed: UInt64? = nil, inputShape: [Int]? = nil, name: String? = nil) {
        self.init(range: .pair(factor.0, factor.1), fillMode: fillMode, interpolation: interpolation, fillValue: fillValue,
                  seed: seed, inputShape: inputShape, name: name)
    }

    init(range: FactorRange, fillMode: FillMode, interpolation: ImageInterpolation, fillValue: Float, seed: UInt64?,
         inputShape: [Int]?, name: String?) {
        self.factor = range
        super.init(fillMode: fillMode, interpolation: interpolation, fillValue: fillValue, seed: seed,
                   inputShape: inputShape, name: name)
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "RandomRotation" }

    /// Keras's configuration: the base keys, `factor` `[lower, upper]`, `data_format`, `fill_mode`,
    /// `fill_value`, `interpolation` and `seed`.
    override public func getConfig() -> LayerConfig { affineConfig(["factor": factor.json]) }

    /// A rotation layer from Keras's configuration.
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown, ill-typed or
    ///   out-of-range setting.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            guard let factor = try reader.factorRange("factor", symmetric: true) else {
                throw reader.valueError("factor", "is required. Received: factor=null")
            }
            let settings = try readAffineSettings(&reader)
            let layer = RandomRotation(range: factor, fillMode: settings.fillMode, interpolation: settings.interpolation,
                                       fillValue: settings.fillValue, seed: settings.seed,
                                       inputShape: base.inputShape, name: base.name)
            try layer.validate()
            return layer
        }
    }

    /// Keras's bounds: a number in `[-1, 1]`, or a pair with `lower ≤ 1` and `upper ≥ -1`.
    override func validate() throws { try requireUnitFactor(factor) }

    override func drawTransform(height: Int, width: Int, using rng: inout SplitMix64) -> [Float] {
        let degrees = factor.lower * 360 + (factor.upper - factor.lower) * 360 * rng.nextUniform()
        return Self.transform(degrees: degrees, height: height, width: width)
    }

    /// Keras's transform for a rotation by `degrees` about the centre of a `height × width` image.
    package static func transform(degrees: Float, height: Int, width: Int) -> [Float] {
        let angle = degrees * Float(Double.pi / 180)
        let cx = 0.5 * Float(width - 1), cy = 0.5 * Float(height - 1)
        let c = cosf(angle), s = sinf(angle)
        let (a0, a1, b0, b1) = (c, -s, s, c)
        return [a0, a1, cx - cx * a0 - cy * a1, b0, b1, cy - cx * b0 - cy * b1, 0, 0]
    }
}
