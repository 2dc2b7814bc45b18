/// The layer standing for a model input (Keras `InputLayer`): it has no weights and passes its
/// input through. Created by `Input(shape:)`.
public final class InputLayer: Layer {
    /// The per-sample shape the input takes.
    public let inputShape: [Int]

    /// An input of per-sample `shape`.
    public init(shape: [Int], name: String? = nil) {
        self.inputShape = shape
        super.init(name: name)
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "InputLayer" }

    /// Keras 3's configuration: `batch_shape` (`[null, ...shape]`), `dtype` (the string `"float32"`,
    /// as Keras writes it for an input), `sparse`, `ragged`, `name` and `optional`; no `trainable`.
    override public func getConfig() -> LayerConfig {
        ["batch_shape": .array([.null] + inputShape.map { .int($0) }), "dtype": "float32", "sparse": false,
         "ragged": false, "name": .string(name), "optional": false]
    }

    /// An input layer from Keras's configuration: Keras 3's `batch_shape` or `shape`, or Keras 2's
    /// `batch_input_shape`; `sparse`, `ragged` and `optional` must be false, `batch_size` is ignored.
    /// - Throws: `DLError.invalidArgument` naming the key for a missing shape or an unknown, ill-typed or unsupported key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            let shape = try reader.optionalShape("batch_shape", withBatch: true)
                ?? reader.optionalShape("shape", withBatch: false) ?? base.inputShape
            guard let shape else {
                throw DLError.invalidArgument(context: "InputLayer.fromConfig",
                                              message: "the required key 'batch_shape' is missing. Received: \(config.json)")
            }
            for key in ["sparse", "ragged", "optional"] where try reader.bool(key, default: false) {
                throw reader.valueError(key, "is not supported here and must be false. Received: \(key)=true")
            }
            reader.ignore(["batch_size"])
            return InputLayer(shape: shape, name: base.name)
        }
    }

    /// A new symbolic tensor produced by this input (what `Input(shape:)` returns).
    public func makeOutput() -> SymbolicTensor {
        isBuiltFlag = true
        let tensor = SymbolicTensor(shape: inputShape, layer: self, inputs: [])
        recordCall(tensor)
        return tensor
    }

    /// Passes the input through.
    override public func call(_ input: Tensor, training: Bool) -> Tensor { input }
}
