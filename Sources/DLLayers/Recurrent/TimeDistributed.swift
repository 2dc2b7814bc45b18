import DLCore

/// Applies one layer to every step of a sequence (Keras `TimeDistributed`), with one set of weights.
///
/// Shapes: `[batch, steps, ...] → [batch, steps, ...layer's output]`: the steps are folded into
/// the batch (`[batch·steps, ...]`), the layer runs once, and the result is unfolded.
/// Weights: the wrapped layer's.
public final class TimeDistributed: Layer, TrackedSublayers {
    /// The layer applied at each step.
    public let layer: Layer

    /// Wraps `layer`.
    public init(_ layer: Layer, inputShape: [Int]? = nil, name: String? = nil) {
        self.layer = layer
        super.init(name: name, inputShape: inputShape)
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "TimeDistributed" }

    /// Keras's `supports_masking`: a sequence mask passes through unchanged.
    override public var supportsMasking: Bool { true }

    /// The wrapped layer, whose weights this one owns.
    override public var sublayers: [Layer] { [layer] }
    /// Keras 3 saves it under `layer`.
    public var trackedSublayers: [(key: String, layer: Layer)] { [("layer", layer)] }

    /// Keras's configuration: the wrapped layer serialized.
    override public func getConfig() -> LayerConfig { config(with: ["layer": LayerRegistry.serialize(layer)]) }

    /// A wrapper from Keras's configuration.
    /// - Throws: `DLError.invalidArgument` naming the key for an unknown key or layer class.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            TimeDistributed(try WrappedLayer.read(&reader, "layer"), inputShape: base.inputShape, name: base.name)
        }
    }

    /// Builds the wrapped layer for one step's shape.
    /// - Throws: `DLError.shapeMismatch` for an input of rank < 2 per sample; the layer's own errors.
    override public func build(inputShape: [Int]) throws {
        _ = try computeOutputShape(inputShape)
        try layer.buildIfNeeded([Array(inputShape.dropFirst())])
    }

    /// `[steps, ...] → [steps, ...layer's output]`.
    override public func computeOutputShape(_ inputShape: [Int]) throws -> [Int] {
        guard inputShape.count >= 2 else {
            throw DLError.shapeMismatch(context: errorContext, expected: "[steps, ...] per sample (rank ≥ 2)", received: inputShape)
        }
        return [inputShape[0]] + (try layer.computeOutputShape(Array(inputShape.dropFirst())))
    }

    /// The layer on `[batch·steps, ...]`, unfolded to `[batch, steps, ...]`.
    override public func call(_ input: Tensor, training: Bool) -> Tensor {
        check(input.rank >= 3, "\(errorContext): expected [batch, steps, ...], received shape \(input.shape)")
        let (batch, steps) = (input.shape[0], input.shape[1])
        let folded = input.reshaped([batch * steps] + input.shape.dropFirst(2))
        let output = layer(folded, training: training)
        return output.reshaped([batch, steps] + output.shape.dropFirst())
    }
}
