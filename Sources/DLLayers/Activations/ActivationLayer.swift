/// Applies an activation function (Keras `Activation` layer): `[batch, ...] → [batch, ...]`.
/// It has no weights.
public final class ActivationLayer: Layer {
    /// The function applied (softmax acts on the last axis).
    public let activation: Activation

    /// A layer applying `activation`.
    /// - Parameters:
    ///   - activation: the function to apply.
    ///   - inputShape: the per-sample input shape, when this layer starts a `Sequential`.
    ///   - name: the layer's name (default: `activation`, `activation_1`, ...).
    public init(_ activation: Activation, inputShape: [Int]? = nil, name: String? = nil) {
        self.activation = activation
        super.init(name: name, inputShape: inputShape)
    }

    /// Keras's class name (`Activation`, not `ActivationLayer`).
    override public class var kerasClassName: String { "Activation" }

    /// Keras's `supports_masking`: a sequence mask passes through unchanged.
    override public var supportsMasking: Bool { true }

    /// Keras's configuration: the base keys and `activation`.
    override public func getConfig() -> LayerConfig { config(with: ["activation": activation.kerasConfig]) }

    /// An activation layer from Keras's configuration.
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown or ill-typed key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            ActivationLayer(try reader.activation("activation", default: .linear), inputShape: base.inputShape, name: base.name)
        }
    }

    /// `activation(input)`.
    override public func call(_ input: Tensor, training: Bool) -> Tensor { activation(input) }
}
