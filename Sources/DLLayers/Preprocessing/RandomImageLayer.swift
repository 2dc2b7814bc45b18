/// The base of the random augmentation layers (RandomFlip, RandomBrightness, RandomContrast and,
/// through `RandomAffineLayer`, RandomRotation, RandomTranslation, RandomZoom): the seed and its
/// generator, the checks done when the layer is built, and the draws of each training call.
/// Shapes: images `[batch, height, width, channels]` (or one `[height, width, channels]` image), unchanged.
///
/// Draws come from the layer's own generator when it has a `seed` (the same seed gives the same
/// sequence of draws), otherwise from a generator seeded once per call by the global one
/// (`Random.seed(_:)`). Each subclass checks its factors in `validate()` and draws its per-image
/// parameters through `draw(_:_:)` in `call`, the identity outside training.
public class RandomImageLayer: Layer {
    /// The seed of the layer's own generator, if any.
    public let seed: UInt64?
    private var generator: SplitMix64?

    init(seed: UInt64?, inputShape: [Int]?, name: String?) {
        self.seed = seed
        self.generator = seed.map { SplitMix64(seed: $0) }
        super.init(name: name, inputShape: inputShape)
    }

    /// Throws for a bad factor (each subclass checks its own; `fromConfig` and `build` call it).
    func validate() throws {}

    /// Keras's bounds of RandomRotation's and RandomBrightness's `factor`: a number in `[-1, 1]`, or a pair with
    /// `lower ≤ 1` and `upper ≥ -1`.
    /// - Throws: `DLError.invalidArgument` naming the factor when it is outside them.
    func requireUnitFactor(_ factor: FactorRange) throws {
        let symmetricTooWide = factor.lower == -factor.upper && factor.upper > 1
        try require(factor.lower <= 1 && factor.upper >= -1 && !symmetricTooWide,
                    "the factor must be a number (or a list of two numbers) in the range [-1, 1]. Received: factor=\(factor.shown)")
    }

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

    /// `body` called `count` times (once per image) with the layer's generator, or with one seeded
    /// by the global generator when the layer has no seed; the layer's generator moves on.
    func draw<Value>(_ count: Int, _ body: (inout SplitMix64) -> Value) -> [Value] {
        var rng = generator ?? Random.makeGenerator(seed: nil)
        let values = (0..<count).map { _ in body(&rng) }
        if generator != nil { generator = rng }
        return values
    }
}
