/// The base of RandomRotation, RandomTranslation and RandomZoom: each image of a training batch is
/// warped by its own random affine transform (Keras's `ops.image.affine_transform`, with its fill
/// modes and interpolations); outside training the layer is the identity.
/// Shapes: `[batch, height, width, channels]` (or one `[height, width, channels]` image) unchanged.
///
/// The warp is a constant-input transform: no gradient flows through it in training (Keras's
/// preprocessing layers sit at a model's input); outside training the identity passes it on.
/// Draws come from the layer's own generator when it has a `seed` (the same seed gives the same
/// sequence of transforms), otherwise from the global one (`Random.seed(_:)`).
public class RandomAffineLayer: Layer {
    /// How points outside the image are filled.
    public let fillMode: FillMode
    /// How the image is sampled between pixels.
    public let interpolation: ImageInterpolation
    /// The value of points outside the image when `fillMode` is `.constant`.
    public let fillValue: Float
    /// The seed of the layer's own generator, if any.
    public let seed: UInt64?
    private var generator: SplitMix64?

    init(fillMode: FillMode, interpolation: ImageInterpolation, fillValue: Float, seed: UInt64?,
         inputShape: [Int]?, name: String?) {
        (self.fillMode, self.interpolation, self.fillValue, self.seed) = (fillMode, interpolation, fillValue, seed)
        self.generator = seed.map { SplitMix64(seed: $0) }
        super.init(name: name, inputShape: inputShape)
    }

    /// The configuration keys the three layers share (`data_format`, `fill_mode`, `fill_value`,
    /// `interpolation`, `seed`) merged with `members`.
    func affineConfig(_ members: [String: LayerConfig]) -> LayerConfig {
        config(with: members.merging(["data_format": .channelsLast, "fill_mode": .string(fillMode.rawValue),
                                      "fill_value": .float(fillValue), "interpolation": .string(interpolation.rawValue),
                                      "seed": seedJSON(seed)]) { $1 })
    }

    /// Throws for a bad factor (each subclass checks its own).
    func validate() throws {}

    /// Checks the factors and the input shape.
    override public func build(inputShape: [Int]) throws { _ = try computeOutputShape(inputShape) }

    /// The input shape, unchanged.
    /// - Throws: `DLError.invalidArgument` for a factor outside Keras's range; `DLError.shapeMismatch`
    ///   for an input that is not an image.
    override public func computeOutputShape(_ inputShape: [Int]) throws -> [Int] {
        try validate()
        try requireImageShape(inputShape)
        return inputShape
    }

    /// The 8 transform numbers of one image of `height × width` from the generator.
    func drawTransform(height: Int, width: Int, using rng: inout SplitMix64) -> [Float] {
        [1, 0, 0, 0, 1, 0, 0, 0]
    }

    /// In training, each image warped by a random transform; otherwise `input`.
    override public func call(_ input: Tensor, training: Bool) -> Tensor {
        guard training else { return input }
        let view = ImageBatchShape(input.shape, errorContext)
        var rng = generator ?? Random.makeGenerator(seed: nil)
        var transforms = [Float]()
        for _ in 0..<view.batch { transforms += drawTransform(height: view.height, width: view.width, using: &rng) }
        if generator != nil { generator = rng }
        return apply(input, transforms: transforms)
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
