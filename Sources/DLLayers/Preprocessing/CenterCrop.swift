/// Crops the centre `height × width` of images (Keras `CenterCrop`), in training and inference alike:
/// the crop starts at row `(h − height) / 2` and column `(w − width) / 2` (rounded down).
/// Shapes: `[batch, h, w, channels] → [batch, height, width, channels]` (or one image). Differentiable.
/// A target larger than the input along either axis is met as Keras meets it (`smart_resize`): the
/// largest centred window of the target's aspect ratio is cut out and resized bilinearly to `height × width`.
public final class CenterCrop: Layer {
    /// The output height.
    public let height: Int
    /// The output width.
    public let width: Int

    /// A centre-crop layer.
    /// - Parameters:
    ///   - height: the output height, positive.
    ///   - width: the output width, positive.
    ///   - inputShape: the per-sample input shape, when this layer starts a `Sequential`.
    ///   - name: the layer's name (default: `center_crop`, ...).
    public init(height: Int, width: Int, inputShape: [Int]? = nil, name: String? = nil) {
        (self.height, self.width) = (height, width)
        super.init(name: name, inputShape: inputShape)
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "CenterCrop" }

    /// Keras's configuration: the base keys, `height`, `width` and `data_format`.
    override public func getConfig() -> LayerConfig {
        config(with: ["height": .int(height), "width": .int(width), "data_format": .channelsLast])
    }

    /// A centre-crop layer from Keras's configuration.
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown or ill-typed key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            let height = try reader.int("height"), width = try reader.int("width")
            try reader.channelsLast()
            return CenterCrop(height: height, width: width, inputShape: base.inputShape, name: base.name)
        }
    }

    /// Checks the size and the input shape.
    override public func build(inputShape: [Int]) throws { _ = try computeOutputShape(inputShape) }

    /// `[h, w, channels] → [height, width, channels]` (`[w, channels] → [width, channels]` for an
    /// unbatched image called eagerly).
    /// - Throws: `DLError.invalidArgument` for a size below 1; `DLError.shapeMismatch` for an input
    ///   that is not an image.
    override public func computeOutputShape(_ inputShape: [Int]) throws -> [Int] {
        try require(height > 0 && width > 0, "height and width must be positive. Received: height=\(height), width=\(width)")
        try requireImageShape(inputShape)
        return inputShape.count == 3 ? [height, width, inputShape[2]] : [width, inputShape[1]]
    }

    /// The centre rows, then the centre columns; or, for an input smaller than the crop, Keras's
    /// `smart_resize` (the largest centred window of the target's aspect ratio, resized bilinearly).
    override public func call(_ input: Tensor, training: Bool) -> Tensor {
        let view = ImageBatchShape(input.shape, errorContext)
        guard view.height >= height && view.width >= width else { return smartResized(input, view) }
        let (rowAxis, columnAxis) = input.rank == 3 ? (0, 1) : (1, 2)
        let top = (view.height - height) / 2, left = (view.width - width) / 2
        let rows = view.height == height ? input : input.slice(axis: rowAxis, top..<(top + height))
        return view.width == width ? rows : rows.slice(axis: columnAxis, left..<(left + width))
    }

    /// Keras's `smart_resize`: the window of `aspectRatioWindow`, resized bilinearly to `height × width`.
    private func smartResized(_ input: Tensor, _ view: ImageBatchShape) -> Tensor {
        let window = aspectRatioWindow(height: view.height, width: view.width, targetHeight: height, targetWidth: width)
        let images = (input.rank == 3 ? input.reshaped([1] + input.shape) : input)
            .slice(axis: 1, window.top..<(window.top + window.height))
            .slice(axis: 2, window.left..<(window.left + window.width))
        let resized = resizedImages(images, height: height, width: width)
        return input.rank == 3 ? resized.reshaped([height, width, view.channels]) : resized
    }
}
