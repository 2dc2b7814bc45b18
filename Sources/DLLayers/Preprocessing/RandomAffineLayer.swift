/// The base of RandomRotation, RandomTranslation and RandomZoom: each image of a training batch is
/// warped by its own random affine transform (Keras's `ops.image.affine_transform`, with its fill
/// modes and interpolations); outside training the layer is the identity.
/// Shapes: `[batch, height, width, channels]` (or one `[height, width, channels]` image) unchanged.
///
/// The warp is a constant-input transform: no gradient flows through it in training (Keras's
/// preprocessing layers sit at a model's input); outside training the identity passes it on.
/// Seeds, draws and the checks at build time are `RandomImageLayer`'s.
public class RandomAffineLayer: RandomImageLayer {
    /// How points outside the image are filled.
    public let fillMode: FillMode
    /// How the image is sampled between pixels.
    public let interpolation: ImageInterpolation
    /// The value of points outside the image when `fillMode` is `.constant`.
    public let fillValue: Float

    init(fillMode: FillMode, interpolation: ImageInterpolation, fillValue: Float, seed: UInt64?,
         inputShape: [Int]?, name: String?) {
        (self.fillMode, self.interpolation, self.fillValue) = (fillMode, interpolation, fillValue)
        super.init(seed: seed, inputShape: inputShape, name: name)
    }

    /// The configuration keys the three layers share (`data_format`, `fill_mode`, `fill_value`,
    /// `interpolation`, `seed`) merged with `members`.
    func affineConfig(_ members: [String: LayerConfig]) -> LayerConfig {
        config(with: members.merging(["data_format": .channelsLast, "fill_mode": .string(fillMode.rawValue),
                                      "fill_value": .float(fillValue), "interpolation": .string(interpolation.rawValue),
                                      "seed": seedJSON(seed)]) { $1 })
    }

    /// The settings the three layers read from Keras's configuration after their factors, in this
    /// order: `data_format`, `fill_mode` (default `reflect`), `interpolation` (default `bilinear`),
    /// `fill_value` (default 0) and `seed`.
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an ill-typed or unknown value.
    static func readAffineSettings(_ reader: inout ConfigReader) throws
        -> (fillMode: FillMode, interpolation: ImageInterpolation, fillValue: Float, seed: UInt64?) {
        try reader.channelsLast()
        return (try reader.fillMode(), try reader.imageInterpolation(), try reader.float("fill_value", default: 0), try reader.seed())
    }

    /// Throws unless each given `(key, range)` satisfies `inBounds`, with Keras's message naming the
    /// key and the bounds `shown` (RandomTranslation's `[-1.0, 1.0]`, RandomZoom's `(-1.0, 1.0]`).
    func requireFactors(_ factors: [(key: String, range: FactorRange?)], inRange shown: String,
                        _ inBounds: (FactorRange) -> Bool) throws {
        for (key, range) in factors {
            guard let range else { continue }
            try require(inBounds(range),
                        "\(key) must be a number (or a list of two numbers) in the range \(shown). Received: \(key)=\(range.shown)")
        }
    }

    /// The 8 transform numbers of one image of `height × width` from the generator.
    func drawTransform(height: Int, width: Int, using rng: inout SplitMix64) -> [Float] {
        [1, 0, 0, 0, 1, 0, 0, 0]
    }

    /// In training, each image warped by a random transform; otherwise `input`.
    override public func call(_ input: Tensor, training: Bool) -> Tensor {
        guard training else { return input }
        let view = ImageBatchShape(input.shape, errorContext)
        let transforms = draw(view.batch) { drawTransform(height: view.height, width: view.width, using: &$0) }
        return apply(input, transforms: transforms.flatMap { $0 })
    }

    /// `input` warped by the given transforms (8 numbers per image, Keras's layout), with this
    /// layer's fill mode, fill value and interpolation: the deterministic half of `call`.
    package func apply(_ input: Tensor, transforms: [Float]) -> Tensor {
        transformedImages(input) { x, v, out in
            ImageTransformKernels.affine(x, batch: v.batch, height: v.height, width: v.width, channels: v.channels,
                                         transforms: transforms, interpolation: interpolation, fillMode: fillMode,
                                         fillValue: fillValue, into: out)
        }
    }
}
