/// Resizes images to `height × width` (Keras `Resizing`) as `tf.image.resize` does (half-pixel
/// centres, no antialiasing), in training and inference alike, with any of Keras's interpolations.
/// Shapes: `[batch, h, w, channels] → [batch, height, width, channels]` (or one `[h, w, channels]`
/// image → `[height, width, channels]`). Differentiable (every method is a linear map).
///
/// With `cropToAspectRatio` the largest centred window of the target's aspect ratio is resized (no
/// distortion); with `padToAspectRatio` the image is first padded evenly on its short side with
/// `fillValue`, as Keras's TensorFlow backend pads (the same number of rows or columns on each side).
/// Keras's `antialias: true` and a `fill_mode` other than `constant` are refused by `fromConfig`.
public final class Resizing: Layer {
    /// The output height.
    public let height: Int
    /// The output width.
    public let width: Int
    /// How pixels are sampled.
    public let interpolation: ResizeInterpolation
    /// Whether the largest centred window of the target aspect ratio is resized.
    public let cropToAspectRatio: Bool
    /// Whether the image is padded to the target aspect ratio before resizing.
    public let padToAspectRatio: Bool
    /// The value of the padding when `padToAspectRatio` is true.
    public let fillValue: Float

    /// A resizing layer.
    /// - Parameters:
    ///   - height: the output height, positive.
    ///   - width: the output width, positive.
    ///   - interpolation: `.bilinear` (default, as Keras), `.nearest`, `.bicubic`, `.area`, `.lanczos3` or `.lanczos5`.
    ///   - cropToAspectRatio: resize the largest centred window of the target aspect ratio (default false).
    ///   - padToAspectRatio: pad to the target aspect ratio first (default false; not with `cropToAspectRatio`).
    ///   - fillValue: the padding's value (default 0).
    ///   - inputShape: the per-sample input shape, when this layer starts a `Sequential`.
    ///   - name: the layer's name (default: `resizing`, ...).
    public init(height: Int, width: Int, interpolation: ResizeInterpolation = .bilinear, cropToAspectRatio: Bool = false,
                padToAspectRatio: Bool = false, fillValue: Float = 0, inputShape: [Int]? = nil, name: String? = nil) {
        (self.height, self.width, self.interpolation) = (height, width, interpolation)
        (self.cropToAspectRatio, self.padToAspectRatio, self.fillValue) = (cropToAspectRatio, padToAspectRatio, fillValue)
        super.init(name: name, inputShape: inputShape)
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "Resizing" }

    /// Keras's configuration: the base keys, `height`, `width`, `interpolation`, `crop_to_aspect_ratio`,
    /// `pad_to_aspect_ratio`, `fill_mode` (`constant`), `fill_value`, `antialias` (false) and `data_format`.
    override public func getConfig() -> LayerConfig {
        config(with: ["height": .int(height), "width": .int(width), "interpolation": .string(interpolation.rawValue),
                      "crop_to_aspect_ratio": .bool(cropToAspectRatio), "pad_to_aspect_ratio": .bool(padToAspectRatio),
                      "fill_mode": "constant", "fill_value": .float(fillValue), "antialias": false,
                      "data_format": .channelsLast])
    }

    /// A resizing layer from Keras's configuration.
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown or ill-typed
    ///   key, an unknown interpolation, both aspect-ratio flags, `antialias: true` or a `fill_mode`
    ///   other than `constant`.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            let height = try reader.int("height"), width = try reader.int("width")
            let text = try reader.string("interpolation", default: "bilinear")
            guard let interpolation = ResizeInterpolation(rawValue: text) else {
                throw reader.valueError("interpolation", "must be one of \(ResizeInterpolation.allowedValues). Received: interpolation=\(text)")
            }
            let crop = try reader.bool("crop_to_aspect_ratio", default: false)
            let pad = try reader.bool("pad_to_aspect_ratio", default: false)
            if try reader.bool("antialias", default: false) {
                throw reader.valueError("antialias", "only false is supported. Received: antialias=true")
            }
            let fillMode = try reader.string("fill_mode", default: "constant")
            guard fillMode == "constant" else {
                throw reader.valueError("fill_mode", "only \"constant\" is supported. Received: fill_mode=\(fillMode)")
            }
            let fillValue = try reader.float("fill_value", default: 0)
            try reader.channelsLast()
            let layer = Resizing(height: height, width: width, interpolation: interpolation, cropToAspectRatio: crop,
                                 padToAspectRatio: pad, fillValue: fillValue, inputShape: base.inputShape, name: base.name)
            try layer.validate()
            return layer
        }
    }

    /// Throws for a size below 1 or both aspect-ratio flags.
    func validate() throws {
        try require(height > 0 && width > 0, "height and width must be positive. Received: height=\(height), width=\(width)")
        try require(!(cropToAspectRatio && padToAspectRatio),
                    "only one of pad_to_aspect_ratio and crop_to_aspect_ratio can be true. "
                    + "Received: crop_to_aspect_ratio=true, pad_to_aspect_ratio=true")
    }

    /// Checks the settings and the input shape.
    override public func build(inputShape: [Int]) throws { _ = try computeOutputShape(inputShape) }

    /// `[h, w, channels] → [height, width, channels]` (`[w, channels] → [width, channels]` for an
    /// unbatched image called eagerly).
    /// - Throws: `DLError.invalidArgument` for a size below 1 or both aspect-ratio flags;
    ///   `DLError.shapeMismatch` for an input that is not an image.
    override public func computeOutputShape(_ inputShape: [Int]) throws -> [Int] {
        try validate()
        try requireImageShape(inputShape)
        return inputShape.count == 3 ? [height, width, inputShape[2]] : [width, inputShape[1]]
    }

    /// The images cropped or padded to the aspect ratio when asked, then resized.
    override public func call(_ input: Tensor, training: Bool) -> Tensor {
        let view = ImageBatchShape(input.shape, errorContext)
        var images = input.rank == 3 ? input.reshaped([1] + input.shape) : input
        if cropToAspectRatio {
            let window = aspectRatioWindow(height: view.height, width: view.width, targetHeight: height, targetWidth: width)
            images = images.slice(axis: 1, window.top..<(window.top + window.height))
                .slice(axis: 2, window.left..<(window.left + window.width))
        } else if padToAspectRatio {
            images = paddedToAspectRatio(images, view)
        }
        let resized = resizedImages(images, height: height, width: width, interpolation: interpolation)
        return input.rank == 3 ? resized.reshaped([height, width, view.channels]) : resized
    }

    /// Keras's TensorFlow padding: `pad = max(size, ⌊other · target / targetOther⌋)` along each axis,
    /// and `⌊(pad − size) / 2⌋` rows (or columns) of `fillValue` on both sides.
    private func paddedToAspectRatio(_ images: Tensor, _ view: ImageBatchShape) -> Tensor {
        let padHeight = Swift.max(view.height, Int(Float(view.width * height) / Float(width)))
        let padWidth = Swift.max(view.width, Int(Float(view.height * width) / Float(height)))
        let (top, left) = ((padHeight - view.height) / 2, (padWidth - view.width) / 2)
        guard top > 0 || left > 0 else { return images }
        let axis = top > 0 ? 1 : 2, amount = Swift.max(top, left)
        let padded = zeroPadded(images, axis: axis, before: amount, after: amount)
        guard fillValue != 0 else { return padded }
        return padded + paddingFill(padded.shape, axis: axis, amount: amount)
    }

    /// A constant tensor of `shape` holding `fillValue` in the first and last `amount` positions along `axis`.
    private func paddingFill(_ shape: [Int], axis: Int, amount: Int) -> Tensor {
        let outer = shape[..<axis].reduce(1, *), length = shape[axis], inner = shape[(axis + 1)...].reduce(1, *)
        var values = [Float](repeating: 0, count: outer * length * inner)
        for o in 0..<outer {
            for l in 0..<length where l < amount || l >= length - amount {
                let start = (o * length + l) * inner
                for i in start..<(start + inner) { values[i] = fillValue }
            }
        }
        return Tensor(shape: shape, scalars: values)
    }
}
