/// The shared part of the global pooling layers: a reduction over all positions of each channel,
/// `[batch, height, width, channels] → [batch, channels]` (`[batch, 1, 1, channels]` with
/// `keepDims`). No weights. Use `GlobalAveragePooling2D` or `GlobalMaxPooling2D`.
public class GlobalPooling2D: Layer {
    /// Whether the output keeps the spatial axes as size 1.
    public let keepDims: Bool

    required init(keepingDims keepDims: Bool, inputShape: [Int]?, name: String?) {
        self.keepDims = keepDims
        super.init(name: name, inputShape: inputShape)
    }

    /// Keras's configuration: the base keys, `data_format` and `keepdims`.
    override public func getConfig() -> LayerConfig {
        config(with: ["data_format": .channelsLast, "keepdims": .bool(keepDims)])
    }

    /// A global pooling layer of this class from Keras's configuration.
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown or ill-typed key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            try reader.channelsLast()
            return self.init(keepingDims: try reader.bool("keepdims", default: false), inputShape: base.inputShape, name: base.name)
        }
    }

    /// Checks the input shape.
    override public func build(inputShape: [Int]) throws {
        _ = try computeOutputShape(inputShape)
    }

    /// `[height, width, channels] → [channels]` (or `[1, 1, channels]`).
    /// - Throws: `DLError.shapeMismatch` for an input that is not rank 3 with positive sizes.
    override public func computeOutputShape(_ inputShape: [Int]) throws -> [Int] {
        try requireRank(inputShape, 3, "[height, width, channels]")
        try requirePositiveDimensions(inputShape)
        return keepDims ? [1, 1, inputShape[2]] : [inputShape[2]]
    }

    /// The reduction of `[batch, positions, channels]` over axis 1, giving `[batch, channels]`.
    func reducePositions(_ positions: Tensor) -> Tensor {
        trap("\(errorContext): a global pooling layer must reduce its positions")
    }

    /// Reduces the `height · width` positions of each channel.
    override public func call(_ input: Tensor, training: Bool) -> Tensor {
        let (batch, channels) = (input.shape[0], input.shape[3])
        let pooled = reducePositions(input.reshaped([batch, input.shape[1] * input.shape[2], channels]))
        return keepDims ? pooled.reshaped([batch, 1, 1, channels]) : pooled
    }
}
