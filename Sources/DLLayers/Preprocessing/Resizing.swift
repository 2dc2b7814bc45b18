/// Resizes images to `height × width` (Keras `Resizing`) bilinearly, as `tf.image.resize` does
/// (half-pixel centres, no antialiasing), in training and inference alike.
/// Shapes: `[batch, h, w, channels] → [batch, height, width, channels]` (or one `[h, w, channels]`
/// image → `[height, width, channels]`). Differentiable (bilinear weights, as `UpSampling2D`).
/// Only Keras's defaults are supported for `interpolation` (bilinear), `crop_to_aspect_ratio`,
/// `pad_to_aspect_ratio` and `antialias`; others are refused by `fromConfig`.
public final class Resizing: Layer {
    /// The output height.
    public let height: Int
    /// The output width.
    public let width: Int

    /// A resizing layer.
    /// - Parameters:
    ///   - height: the output height, positive.
    ///   - width: the output width, positive.
    ///   - inputShape: the per-sample input shape, when this layer starts a `Sequential`.
    ///   - name: the layer's name (default: `resizing`, ...).
    public init(height: Int, width: Int, inputShape: [Int]? = nil, name: String? = nil) {
        (self.height, self.width) = (height, width)
        super.init(name: name, inputShape: inputShape)
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "Resizing" }

    /// Keras's configuration: the base keys, `height`, `width`, `interpolation` (`bilinear`),
    /// `crop_to_aspect_ratio` and `pad_to_aspect_ratio` (false), `fill_mode` (`constant`),
    /// `fill_value` (0), `antialias` (false) and `data_format`.
    override public func getConfig() -> LayerConfig {
        config(with: ["height": .int(height), "width": .int(width), "interpolation": "bilinear",
                      "crop_to_aspect_ratio": false, "pad_to_aspect_ratio": false, "fill_mode": "constant",
                      "fill_value": .float(0), "antialias": false, "data_format": .channelsLast])
    }

    /// A resizing layer from Keras's configuration.
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown or ill-typed
    ///   key, or a setting other than Keras's default for the keys listed above.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            let height = try reader.int("height"), width = try reader.int("width")
            let interpolation = try reader.string("interpolation", default: "bilinear")
            guard interpolation == "bilinear" else {
                throw reader.valueError("interpolation", "only \"bilinear\" is supported. Received: interpolation=\(interpolation)")
            }
            for key in ["crop_to_aspect_ratio", "pad_to_aspect_ratio", "antialias"] where try reader.bool(key, default: false) {
                throw reader.valueError(key, "only false is supported. Received: \(key)=true")
            }
            _ = try reader.string("fill_mode", default: "constant")
            _ = try reader.float("fill_value", default: 0)
            try reader.channelsLast()
            return Resizing(height: height, width: width, inputShape: base.inputShape, name: base.name)
        }
    }

    /// Checks the size and the input shape.
    override public func build(inputShape: [Int]) throws { _ = try computeOutputShape(inputShape) }

    /// `[h, w, channels] → [height, width, channels]` (`[w, channels] → [width, channels]` for an
    /// unbatched image called eagerly).
    /// - Throws: `DLError.invalidArgument` for a size below 1; `DLError.shapeMismatch` for an input that is not an image.
    override public func computeOutputShape(_ inputShape: [Int]) throws -> [Int] {
        try require(height > 0 && width > 0, "height and width must be positive. Received: height=\(height), width=\(width)")
        try requireImageShape(inputShape)
        return inputShape.count == 3 ? [height, width, inputShape[2]] : [width, inputShape[1]]
    }

    /// The images resized bilinearly: along the width, then the height (TensorFlow's order of lerps).
    override public func call(_ input: Tensor, training: Bool) -> Tensor {
        let view = ImageBatchShape(input.shape, errorContext)
        let batched = input.rank == 3 ? input.reshaped([1] + input.shape) : input
        let columns = view.width == width ? batched : linearlyResized(batched, axis: 2, length: width)
        let resized = view.height == height ? columns : linearlyResized(columns, axis: 1, length: height)
        return input.rank == 3 ? resized.reshaped([height, width, view.channels]) : resized
    }
}
