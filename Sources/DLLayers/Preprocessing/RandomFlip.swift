/// Flips each image of a training batch with probability ½ (Keras `RandomFlip`); the identity
/// outside training. Shapes: `[batch, height, width, channels]` (or one image) unchanged.
///
/// As in Keras 3, one draw per image decides: with `.horizontalAndVertical` a flipped image is
/// reversed along both axes. The flip is a constant-input transform (no gradient in training).
/// Seeds and draws are `RandomImageLayer`'s.
public final class RandomFlip: RandomImageLayer {
    /// Which axes a flip reverses.
    public enum FlipMode: String, Sendable, CaseIterable {
        /// Left–right (along the width).
        case horizontal
        /// Top–bottom (along the height).
        case vertical
        /// Both at once.
        case horizontalAndVertical = "horizontal_and_vertical"
    }

    /// Which axes a flip reverses.
    public let mode: FlipMode

    /// A random flip layer.
    /// - Parameters:
    ///   - mode: which axes a flip reverses (default both, as Keras).
    ///   - seed: makes the flips repeatable on their own.
    ///   - inputShape: the per-sample input shape, when this layer starts a `Sequential`.
    ///   - name: the layer's name (default: `random_flip`, ...).
    public init(_ mode: FlipMode = .horizontalAndVertical, seed: UInt64? = nil, inputShape: [Int]? = nil, name: String? = nil) {
        self.mode = mode
        super.init(seed: seed, inputShape: inputShape, name: name)
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "RandomFlip" }

    /// Keras's configuration: the base keys, `mode`, `seed` and `data_format`.
    override public func getConfig() -> LayerConfig {
        config(with: ["mode": .string(mode.rawValue), "seed": seedJSON(seed), "data_format": .channelsLast])
    }

    /// A random flip layer from Keras's configuration.
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown mode or key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            let text = try reader.string("mode", default: FlipMode.horizontalAndVertical.rawValue)
            guard let mode = FlipMode(rawValue: text) else {
                throw reader.valueError("mode", "must be horizontal, vertical or horizontal_and_vertical. Received: mode=\(text)")
            }
            try reader.channelsLast()
            return RandomFlip(mode, seed: try reader.seed(), inputShape: base.inputShape, name: base.name)
        }
    }

    /// In training, each image flipped with probability ½; otherwise `input`.
    override public func call(_ input: Tensor, training: Bool) -> Tensor {
        guard training else { return input }
        let flips = draw(ImageBatchShape(input.shape, errorContext).batch) { $0.nextUniform() <= 0.5 }
        return apply(input, flips: flips)
    }

    /// `input` with image b flipped (along this layer's axes) where `flips[b]`.
    package func apply(_ input: Tensor, flips: [Bool]) -> Tensor {
        let none = [Bool](repeating: false, count: flips.count)
        let horizontal = mode == .vertical ? none : flips, vertical = mode == .horizontal ? none : flips
        return transformedImages(input) { x, v, out in
            ImageTransformKernels.flip(x, batch: v.batch, height: v.height, width: v.width, channels: v.channels,
                                       horizontal: horizontal, vertical: vertical, into: out)
        }
    }
}

/// Which axes `RandomFlip` reverses (API.md's `FlipMode`).
public typealias FlipMode = RandomFlip.FlipMode
