/// Enlarges images by whole factors (Keras `UpSampling2D`): each pixel repeated into a
/// `size.0 × size.1` block (`.nearest`, the default), or the image resized bilinearly as Keras's
/// `ops.image.resize` does (`.bilinear`: half-pixel centres, no antialiasing, edges clamped).
///
/// Shapes: `[batch, height, width, channels] → [batch, height·size.0, width·size.1, channels]`; no weights.
public final class UpSampling2D: Layer {
    /// How new pixels are computed; raw values are Keras's `interpolation` strings.
    public enum Interpolation: String, Sendable, CaseIterable {
        /// Each pixel copied into its block.
        case nearest
        /// Linear in both directions between the four nearest input pixel centres.
        case bilinear
    }

    /// The factors along (height, width).
    public let size: (Int, Int)
    /// `.nearest` (default) or `.bilinear`.
    public let interpolation: Interpolation

    /// A layer enlarging images `size` times both ways.
    /// - Parameters:
    ///   - size: the factor along the height and the width (default 2).
    ///   - interpolation: `.nearest` (default) or `.bilinear`.
    ///   - inputShape: the per-sample input shape `[height, width, channels]`, when this layer starts a `Sequential`.
    ///   - name: the layer's name (default: `up_sampling2d`, ...).
    public convenience init(size: Int = 2, interpolation: Interpolation = .nearest, inputShape: [Int]? = nil, name: String? = nil) {
        self.init(size: (size, size), interpolation: interpolation, inputShape: inputShape, name: name)
    }

    /// A layer enlarging images `size.0` times along the height and `size.1` times along the width.
    public init(size: (Int, Int), interpolation: Interpolation = .nearest, inputShape: [Int]? = nil, name: String? = nil) {
        self.size = size
        self.interpolation = interpolation
        super.init(name: name, inputShape: inputShape)
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "UpSampling2D" }

    /// Keras's configuration: the base keys, `size` `[height, width]`, `data_format` and `interpolation`.
    override public func getConfig() -> LayerConfig {
        config(with: ["size": .ints([size.0, size.1]), "data_format": .channelsLast,
                      "interpolation": .string(interpolation.rawValue)])
    }

    /// An upsampling layer from Keras's configuration (`size` as one integer or `[height, width]`).
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown or ill-typed
    ///   key, or an interpolation other than `"nearest"` and `"bilinear"` (Keras's bicubic and
    ///   Lanczos modes are not supported).
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            let size = try reader.ints("size", count: 2, default: [2, 2])
            let text = try reader.string("interpolation", default: Interpolation.nearest.rawValue)
            guard let interpolation = Interpolation(rawValue: text.lowercased()) else {
                throw reader.valueError("interpolation", "must be \"nearest\" or \"bilinear\". Received: interpolation=\"\(text)\"")
            }
            try reader.channelsLast()
            return UpSampling2D(size: (size[0], size[1]), interpolation: interpolation, inputShape: base.inputShape, name: base.name)
        }
    }

    /// Checks the factors and the input shape.
    override public func build(inputShape: [Int]) throws {
        _ = try computeOutputShape(inputShape)
    }

    /// `[height, width, channels] → [height·size.0, width·size.1, channels]`.
    /// - Throws: `DLError.invalidArgument` for a factor below 1, `DLError.shapeMismatch` for an
    ///   input that is not rank 3 or has an empty dimension.
    override public func computeOutputShape(_ inputShape: [Int]) throws -> [Int] {
        try require(size.0 >= 1 && size.1 >= 1, "size must be positive. Received: size=(\(size.0), \(size.1))")
        try requireRank(inputShape, 3, "[height, width, channels]")
        try requirePositiveDimensions(inputShape)
        return [inputShape[0] * size.0, inputShape[1] * size.1, inputShape[2]]
    }

    /// Nearest: `repeated` along the height, then the width. Bilinear: `linearlyResized` along the
    /// width, then the height (TensorFlow's order of the two interpolations).
    override public func call(_ input: Tensor, training: Bool) -> Tensor {
        switch interpolation {
        case .nearest:
            let rows = size.0 == 1 ? input : repeated(input, axis: 1, times: size.0)
            return size.1 == 1 ? rows : repeated(rows, axis: 2, times: size.1)
        case .bilinear:
            let columns = linearlyResized(input, axis: 2, length: input.shape[2] * size.1)
            return linearlyResized(columns, axis: 1, length: input.shape[1] * size.0)
        }
    }
}
