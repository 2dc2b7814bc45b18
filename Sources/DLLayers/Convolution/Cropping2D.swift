/// Removes rows and columns at the edges of images (Keras `Cropping2D`), the inverse of `ZeroPadding2D`:
/// `[batch, height, width, channels] → [batch, height − top − bottom, width − left − right, channels]`; no weights.
public final class Cropping2D: Layer {
    /// Rows removed above and below.
    public let heightCropping: (top: Int, bottom: Int)
    /// Columns removed left and right.
    public let widthCropping: (left: Int, right: Int)

    /// A layer removing `cropping` rows and columns on every side.
    /// - Parameters:
    ///   - cropping: the cells removed on each side (default 0, as in Keras).
    ///   - inputShape: the per-sample input shape `[height, width, channels]`, when this layer starts a `Sequential`.
    ///   - name: the layer's name (default: `cropping2d`, ...).
    public convenience init(cropping: Int = 0, inputShape: [Int]? = nil, name: String? = nil) {
        self.init(cropping: ((cropping, cropping), (cropping, cropping)), inputShape: inputShape, name: name)
    }

    /// A layer removing `cropping.0` rows above and below and `cropping.1` columns left and right.
    public convenience init(cropping: (Int, Int), inputShape: [Int]? = nil, name: String? = nil) {
        self.init(cropping: ((cropping.0, cropping.0), (cropping.1, cropping.1)), inputShape: inputShape, name: name)
    }

    /// A layer removing `((top, bottom), (left, right))` rows and columns.
    public init(cropping: ((Int, Int), (Int, Int)), inputShape: [Int]? = nil, name: String? = nil) {
        self.heightCropping = (cropping.0.0, cropping.0.1)
        self.widthCropping = (cropping.1.0, cropping.1.1)
        super.init(name: name, inputShape: inputShape)
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "Cropping2D" }

    /// Keras's configuration: the base keys, `cropping` `[[top, bottom], [left, right]]` and `data_format`.
    override public func getConfig() -> LayerConfig {
        config(with: ["cropping": [.ints([heightCropping.top, heightCropping.bottom]),
                                   .ints([widthCropping.left, widthCropping.right])],
                      "data_format": .channelsLast])
    }

    /// A cropping layer from Keras's configuration: `cropping` as one integer, `[rows, columns]` or
    /// `[[top, bottom], [left, right]]`, as Keras accepts.
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown or ill-typed key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            let raw = reader.members["cropping"] ?? 0
            let pairs: [[Int]]
            if let axes = raw.arrayValue, axes.count == 2, axes.contains(where: { $0.arrayValue != nil }) {
                // Each entry an integer (both sides) or a [before, after] pair, as Keras's standardize_tuple reads it.
                pairs = try axes.map { axis in
                    var pairReader = try ConfigReader(["cropping": axis], owner: reader.owner)
                    return try pairReader.ints("cropping", count: 2)
                }
            } else {
                pairs = try reader.ints("cropping", count: 2, default: [0, 0]).map { [$0, $0] }
            }
            _ = reader.value("cropping")
            try reader.channelsLast()
            return Cropping2D(cropping: ((pairs[0][0], pairs[0][1]), (pairs[1][0], pairs[1][1])),
                              inputShape: base.inputShape, name: base.name)
        }
    }

    /// Checks the cropping and the input shape.
    override public func build(inputShape: [Int]) throws {
        _ = try computeOutputShape(inputShape)
    }

    /// `[height, width, channels] → [height − top − bottom, width − left − right, channels]`.
    /// - Throws: `DLError.invalidArgument` for negative cropping; `DLError.shapeMismatch` for an
    ///   input that is not rank 3, or that the cropping would leave without a row or a column.
    override public func computeOutputShape(_ inputShape: [Int]) throws -> [Int] {
        let all = [heightCropping.top, heightCropping.bottom, widthCropping.left, widthCropping.right]
        let shown = "((\(all[0]), \(all[1])), (\(all[2]), \(all[3])))"
        try require(all.allSatisfy { $0 >= 0 }, "cropping cannot be negative. Received: cropping=\(shown)")
        try requireRank(inputShape, 3, "[height, width, channels]")
        let height = inputShape[0] - all[0] - all[1], width = inputShape[1] - all[2] - all[3]
        guard height > 0, width > 0 else {
            throw DLError.shapeMismatch(
                context: "\(errorContext), cropping \(shown) must be smaller than the input",
                expected: "[height > \(all[0] + all[1]), width > \(all[2] + all[3]), channels]", received: inputShape)
        }
        return [height, width, inputShape[2]]
    }

    /// Slices along the height, then the width axis.
    override public func call(_ input: Tensor, training: Bool) -> Tensor {
        let (height, width) = (input.shape[1], input.shape[2])
        let rows = heightCropping == (0, 0) ? input
            : input.slice(axis: 1, heightCropping.top..<(height - heightCropping.bottom))
        return widthCropping == (0, 0) ? rows : rows.slice(axis: 2, widthCropping.left..<(width - widthCropping.right))
    }
}
