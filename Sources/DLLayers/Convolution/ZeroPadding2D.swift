/// Pads images with zero rows and columns (Keras `ZeroPadding2D`):
/// `[batch, height, width, channels] → [batch, top + height + bottom, left + width + right, channels]`; no weights.
public final class ZeroPadding2D: Layer {
    /// Zero rows above and below.
    public let heightPadding: (top: Int, bottom: Int)
    /// Zero columns left and right.
    public let widthPadding: (left: Int, right: Int)

    /// A layer adding `padding` zero rows and columns on every side.
    /// - Parameters:
    ///   - padding: the zero cells on each side (default 1).
    ///   - inputShape: the per-sample input shape `[height, width, channels]`, when this layer starts a `Sequential`.
    ///   - name: the layer's name (default: `zero_padding2d`, ...).
    public convenience init(padding: Int = 1, inputShape: [Int]? = nil, name: String? = nil) {
        self.init(padding: ((padding, padding), (padding, padding)), inputShape: inputShape, name: name)
    }

    /// A layer adding `padding.0` zero rows above and below and `padding.1` columns left and right.
    public convenience init(padding: (Int, Int), inputShape: [Int]? = nil, name: String? = nil) {
        self.init(padding: ((padding.0, padding.0), (padding.1, padding.1)), inputShape: inputShape, name: name)
    }

    /// A layer adding `((top, bottom), (left, right))` zero rows and columns.
    public init(padding: ((Int, Int), (Int, Int)), inputShape: [Int]? = nil, name: String? = nil) {
        self.heightPadding = (padding.0.0, padding.0.1)
        self.widthPadding = (padding.1.0, padding.1.1)
        super.init(name: name, inputShape: inputShape)
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "ZeroPadding2D" }

    /// Keras's configuration: the base keys, `padding` `[[top, bottom], [left, right]]` and `data_format`.
    override public func getConfig() -> LayerConfig {
        config(with: ["padding": [.ints([heightPadding.top, heightPadding.bottom]), .ints([widthPadding.left, widthPadding.right])],
                      "data_format": .channelsLast])
    }

    /// A padding layer from Keras's configuration: `padding` as one integer, `[rows, columns]` or
    /// `[[top, bottom], [left, right]]`, as Keras accepts.
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown or ill-typed key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            let raw = reader.members["padding"] ?? 1
            let pairs: [[Int]]
            if let axes = raw.arrayValue, axes.count == 2, axes.allSatisfy({ $0.arrayValue != nil }) {
                pairs = try axes.map { axis in
                    var pairReader = try ConfigReader(["padding": axis], owner: reader.owner)
                    return try pairReader.ints("padding", count: 2)
                }
            } else {
                pairs = try reader.ints("padding", count: 2, default: [1, 1]).map { [$0, $0] }
            }
            _ = reader.value("padding")
            try reader.channelsLast()
            return ZeroPadding2D(padding: ((pairs[0][0], pairs[0][1]), (pairs[1][0], pairs[1][1])),
                                 inputShape: base.inputShape, name: base.name)
        }
    }

    /// Checks the padding and the input shape.
    override public func build(inputShape: [Int]) throws {
        _ = try computeOutputShape(inputShape)
    }

    /// `[height, width, channels] → [top + height + bottom, left + width + right, channels]`.
    /// - Throws: `DLError.invalidArgument` for negative padding, `DLError.shapeMismatch` for an input that is not rank 3.
    override public func computeOutputShape(_ inputShape: [Int]) throws -> [Int] {
        let all = [heightPadding.top, heightPadding.bottom, widthPadding.left, widthPadding.right]
        try require(all.allSatisfy { $0 >= 0 },
                    "padding must be non-negative. Received: padding=((\(all[0]), \(all[1])), (\(all[2]), \(all[3])))")
        try requireRank(inputShape, 3, "[height, width, channels]")
        return [heightPadding.top + inputShape[0] + heightPadding.bottom,
                widthPadding.left + inputShape[1] + widthPadding.right, inputShape[2]]
    }

    /// Zero padding along the height, then the width axis.
    override public func call(_ input: Tensor, training: Bool) -> Tensor {
        let rows = zeroPadded(input, axis: 1, before: heightPadding.top, after: heightPadding.bottom)
        return zeroPadded(rows, axis: 2, before: widthPadding.left, after: widthPadding.right)
    }
}
