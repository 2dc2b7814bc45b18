/// Scales and shifts inputs, `x · scale + offset` (Keras `Rescaling`), in training and inference
/// alike: `Rescaling(scale: 1.0 / 255)` maps pixels 0–255 to [0, 1], `Rescaling(scale: 1.0 / 127.5,
/// offset: -1)` to [-1, 1]. Shapes: any, unchanged. Differentiable (the gradient is `scale`).
public final class Rescaling: Layer {
    /// The factor every input is multiplied by.
    public let scale: Float
    /// The value added after scaling.
    public let offset: Float
    private let scaleJSON: LayerConfig, offsetJSON: LayerConfig

    /// A rescaling layer.
    /// - Parameters:
    ///   - scale: the factor every input is multiplied by.
    ///   - offset: the value added after scaling (default 0).
    ///   - inputShape: the per-sample input shape, when this layer starts a `Sequential`.
    ///   - name: the layer's name (default: `rescaling`, ...).
    public convenience init(scale: Float, offset: Float = 0, inputShape: [Int]? = nil, name: String? = nil) {
        self.init(scale: scale, offset: offset, scaleJSON: .float(scale), offsetJSON: .float(offset),
                  inputShape: inputShape, name: name)
    }

    init(scale: Float, offset: Float, scaleJSON: LayerConfig, offsetJSON: LayerConfig, inputShape: [Int]?, name: String?) {
        (self.scale, self.offset, self.scaleJSON, self.offsetJSON) = (scale, offset, scaleJSON, offsetJSON)
        super.init(name: name, inputShape: inputShape)
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "Rescaling" }

    /// Keras's configuration: the base keys, `scale` and `offset` (numbers, as written).
    override public func getConfig() -> LayerConfig { config(with: ["scale": scaleJSON, "offset": offsetJSON]) }

    /// A rescaling layer from Keras's configuration (numbers only: per-channel lists are refused).
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown or ill-typed key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            let scale = try reader.float("scale"), offset = try reader.float("offset", default: 0)
            return Rescaling(scale: scale, offset: offset, scaleJSON: reader.members["scale"] ?? .float(scale),
                             offsetJSON: reader.members["offset"] ?? .float(offset), inputShape: base.inputShape, name: base.name)
        }
    }

    /// `input · scale + offset`.
    override public func call(_ input: Tensor, training: Bool) -> Tensor {
        let scaled = scale == 1 ? input : input * scale
        return offset == 0 ? scaled : scaled + offset
    }
}
