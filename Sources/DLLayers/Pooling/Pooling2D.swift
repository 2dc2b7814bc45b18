/// The shared part of `MaxPooling2D` and `AveragePooling2D` (Keras `BasePooling`): a window of
/// `poolSize` moved by `strides` over channels-last images, each channel pooled on its own.
///
/// Shapes: `[batch, height, width, channels] → [batch, outHeight, outWidth, channels]`, where
/// `padding: .valid` gives `⌊(in − p) / s⌋ + 1` and `.same` gives `⌈in / s⌉`. No weights.
/// Bad arguments and a window larger than the input with `.valid` padding are reported when the
/// layer is built (a thrown `DLError`).
public class Pooling2D: Layer {
    /// The window's (height, width).
    public let poolSize: (Int, Int)
    /// The window's steps along (height, width) (Keras default: the pool size).
    public let strides: (Int, Int)
    /// `.valid` (no padding) or `.same` (padding keeping `⌈in / s⌉`).
    public let padding: Padding

    /// A pooling layer with a `(height, width)` window; `strides` default to `poolSize`.
    required init(poolSize: (Int, Int), strides: (Int, Int)?, padding: Padding, inputShape: [Int]?, name: String?) {
        self.poolSize = poolSize
        self.strides = strides ?? poolSize
        self.padding = padding
        super.init(name: name, inputShape: inputShape)
    }

    /// Keras's configuration: the base keys, `pool_size`, `padding`, `strides` and `data_format`.
    override public func getConfig() -> LayerConfig {
        config(with: ["pool_size": .ints([poolSize.0, poolSize.1]), "strides": .ints([strides.0, strides.1]),
                      "padding": .string(padding.rawValue), "data_format": .channelsLast])
    }

    /// A pooling layer of this class from Keras's configuration (`pool_size` and `strides` one
    /// integer or two; `strides` `null` means the pool size).
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown or ill-typed key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            let poolSize = try reader.ints("pool_size", count: 2, default: [2, 2])
            let strides = try reader.ints("strides", count: 2, default: poolSize)
            let padding = try reader.windowPadding()
            try reader.channelsLast()
            return self.init(poolSize: (poolSize[0], poolSize[1]), strides: (strides[0], strides[1]), padding: padding,
                             inputShape: base.inputShape, name: base.name)
        }
    }

    /// Checks the arguments and the input shape.
    override public func build(inputShape: [Int]) throws {
        _ = try computeOutputShape(inputShape)
    }

    /// `[height, width, channels] → [outHeight, outWidth, channels]`.
    /// - Throws: `DLError.invalidArgument` for a non-positive pool size or stride,
    ///   `DLError.shapeMismatch` for an input that is not rank 3 or smaller than the window with `.valid` padding.
    override public func computeOutputShape(_ inputShape: [Int]) throws -> [Int] {
        try requireRank(inputShape, 3, "[height, width, channels]")
        let sizes = try windowOutputSizes(spatial: Array(inputShape[0..<2]), window: [poolSize.0, poolSize.1],
                                          strides: [strides.0, strides.1], padding: padding,
                                          inputShape: inputShape, windowName: "poolSize")
        return sizes + [inputShape[2]]
    }
}
