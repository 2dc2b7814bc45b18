import DLCore

/// Turns token ids into dense vectors (Keras `Embedding`): row `id` of the `embeddings` table.
///
/// Shapes: `[batch, d1, ...]` of whole-number ids (held as floats) `→ [batch, d1, ..., outputDim]`.
/// Weights: `embeddings` `[inputDim, outputDim]`, uniform in ±0.05 by default as Keras's. Ids
/// must lie in `0..<inputDim`: `validate(ids:)` throws a `DLError` naming the layer, which `fit`,
/// `evaluate` and `predict` call on every batch they feed it; an eager call on an id out of range
/// stops with that message. With `maskZero`, id 0 is padding: in a model, the mask `ids != 0`
/// goes to the following layers (recurrent layers skip the padded steps, as Keras's do).
public final class Embedding: Layer, ValidatesInputValues {
    /// The vocabulary size: ids lie in `0..<inputDim`.
    public let inputDim: Int
    /// The length of each vector.
    public let outputDim: Int
    /// How the table starts (Keras: uniform in ±0.05).
    public let embeddingsInitializer: Initializer
    /// Penalty on the table.
    public let embeddingsRegularizer: Regularizer?
    /// Whether id 0 is padding (Keras's `mask_zero`).
    public let maskZero: Bool
    /// The table `[inputDim, outputDim]`, once built.
    public private(set) var embeddings: Variable?

    /// An embedding of `inputDim` ids into vectors of `outputDim`.
    public init(inputDim: Int, outputDim: Int, embeddingsInitializer: Initializer = .randomUniform(min: -0.05, max: 0.05),
                embeddingsRegularizer: Regularizer? = nil, maskZero: Bool = false,
                inputShape: [Int]? = nil, name: String? = nil) {
        self.inputDim = inputDim
        self.outputDim = outputDim
        self.embeddingsInitializer = embeddingsInitializer
        self.embeddingsRegularizer = embeddingsRegularizer
        self.maskZero = maskZero
        super.init(name: name, inputShape: inputShape)
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "Embedding" }

    /// Keras 3.15's configuration keys.
    override public func getConfig() -> LayerConfig {
        config(with: ["input_dim": .int(inputDim), "output_dim": .int(outputDim),
                      "embeddings_initializer": embeddingsInitializer.kerasConfig,
                      "embeddings_regularizer": .regularizer(embeddingsRegularizer), "activity_regularizer": nil,
                      "embeddings_constraint": nil, "mask_zero": .bool(maskZero), "quantization_config": nil])
    }

    /// An embedding from Keras's configuration (Keras 2's `input_length` is accepted and unused).
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown or ill-typed key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        var config = config
        // tf-keras writes `batch_input_shape: [null, null]` for sequences of any length: no shape to check.
        if case .object(var members) = config, let shape = members["batch_input_shape"]?.arrayValue,
           shape.dropFirst().contains(where: \.isNull) {
            members["batch_input_shape"] = nil
            config = .object(members)
        }
        return try readConfig(config) { reader, base in
            let layer = Embedding(inputDim: try reader.int("input_dim"), outputDim: try reader.int("output_dim"),
                                  embeddingsInitializer: try reader.initializer("embeddings_initializer",
                                                                                default: .randomUniform(min: -0.05, max: 0.05)),
                                  embeddingsRegularizer: try reader.regularizer("embeddings_regularizer"),
                                  maskZero: try reader.bool("mask_zero", default: false),
                                  // `input_dim` is the vocabulary here, not Keras 2's input-shape argument.
                                  inputShape: config["batch_input_shape"] ?? config["input_shape"] == nil ? nil : base.inputShape,
                                  name: base.name)
            try reader.ignoreIfNull(["embeddings_constraint", "quantization_config", "lora_rank", "lora_alpha"])
            reader.ignore(["input_length", "sparse"])
            return layer
        }
    }

    /// Creates `embeddings` `[inputDim, outputDim]`.
    /// - Throws: `DLError.invalidArgument` for a non-positive `inputDim` or `outputDim`.
    override public func build(inputShape: [Int]) throws {
        _ = try computeOutputShape(inputShape)
        embeddings = addWeight(name: "embeddings", shape: [inputDim, outputDim], initializer: embeddingsInitializer,
                               regularizer: embeddingsRegularizer)
    }

    /// `[d1, ...] → [d1, ..., outputDim]`.
    override public func computeOutputShape(_ inputShape: [Int]) throws -> [Int] {
        try require(inputDim > 0 && outputDim > 0, "input_dim and output_dim must be positive integers. "
                    + "Received: input_dim=\(inputDim), output_dim=\(outputDim)")
        return inputShape + [outputDim]
    }

    /// Throws unless every id is a whole number in `0..<inputDim`.
    /// - Throws: `DLError.invalidArgument` naming the layer, the first bad id and its position.
    public func validate(ids: Tensor) throws {
        if let message = idError(ids) { throw DLError.invalidArgument(context: errorContext, message: message) }
    }

    /// `validate(ids:)`, which models call on the batches they feed this layer.
    public func validate(inputValues: Tensor) throws { try validate(ids: inputValues) }

    /// The message for the first id out of range, or nil.
    private func idError(_ ids: Tensor) -> String? {
        ids.withUnsafeBufferPointer { p in
            for (position, value) in p.enumerated() where !(value.isFinite && value > -1 && value < Float(inputDim)) {
                return "token ids must lie in [0, input_dim=\(inputDim)). Received: id \(value) at flat position "
                    + "\(position) of an input of shape \(ids.shape)"
            }
            return nil
        }
    }

    /// With `maskZero`, the mask `ids != 0` (Keras's), which a model graph carries to the next layers.
    override public func computeMask(_ inputs: [Tensor], masks: [Tensor?]) -> Tensor? {
        guard maskZero, let ids = inputs.first else { return nil }
        return Tensor(shape: ids.shape, scalars: ids.scalars.map { $0 == 0 ? 0 : 1 })
    }

    /// The vectors of the ids.
    override public func call(_ input: Tensor, training: Bool) -> Tensor {
        if let message = idError(input) { trap("\(errorContext): \(message)") }
        return embeddingLookup(built(embeddings, "embeddings").value, ids: input)
    }
}
