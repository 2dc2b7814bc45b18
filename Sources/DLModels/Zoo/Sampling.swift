/// The reparameterization trick of a variational autoencoder (the `Sampling` layer of Keras's VAE
/// example): from `[zMean, zLogVar]`, each `[batch, latentDim]`, draws
/// `z = zMean + exp(0.5 · zLogVar) · ε` with `ε ~ N(0, I)` of the same shape, so that gradients
/// reach both inputs (`∂z/∂zMean = 1`, `∂z/∂zLogVar = 0.5 · exp(0.5 · zLogVar) · ε`).
///
/// It samples in training and at inference alike, as Keras's example does. Noise comes from
/// `Random`: with a `seed`, from the layer's own generator (the same seed gives the same sequence
/// of draws); without one, from the global generator (`Random.seed(_:)`). Keras has no such
/// built-in class: a saved model holding one is loaded with `customObjects: ["Sampling":
/// Sampling.fromConfig]`.
public final class Sampling: Layer {
    /// The seed of the layer's own noise generator, if any.
    public let seed: UInt64?
    private var generator: SplitMix64?

    /// A sampling layer.
    /// - Parameters:
    ///   - seed: makes the draws repeatable on their own (default: the global generator).
    ///   - name: the layer's name (default: `sampling`, `sampling_1`, ...).
    public init(seed: UInt64? = nil, name: String? = nil) {
        self.seed = seed
        self.generator = seed.map { SplitMix64(seed: $0) }
        super.init(name: name, inputShape: nil)
    }

    /// The class name of Keras's example (`Sampling`).
    override public class var kerasClassName: String { "Sampling" }

    /// The base keys and `seed`.
    override public func getConfig() -> LayerConfig {
        config(with: ["seed": seed.map { .int(Int(truncatingIfNeeded: $0)) } ?? .null])
    }

    /// A sampling layer from its configuration.
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown or ill-typed key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            Sampling(seed: try reader.optionalInt("seed").map { UInt64(bitPattern: Int64($0)) }, name: base.name)
        }
    }

    /// Checks the two input shapes.
    override public func build(inputShapes: [[Int]]) throws {
        _ = try computeOutputShape(inputShapes)
    }

    /// A sampling layer called on one tensor: always a `DLError`.
    override public func build(inputShape: [Int]) throws {
        _ = try computeOutputShape([inputShape])
    }

    /// A sampling layer asked for the output of one tensor: always a `DLError`.
    override public func computeOutputShape(_ inputShape: [Int]) throws -> [Int] {
        try computeOutputShape([inputShape])
    }

    /// `[latentDim]`, the shape both inputs must have.
    /// - Throws: `DLError.invalidArgument` naming the layer unless there are two inputs of one
    ///   per-sample shape `[latentDim]`.
    override public func computeOutputShape(_ inputShapes: [[Int]]) throws -> [Int] {
        guard inputShapes.count == 2, inputShapes[0] == inputShapes[1], inputShapes[0].count == 1 else {
            throw DLError.invalidArgument(context: errorContext, message: "expects two inputs [z_mean, z_log_var] of one "
                                          + "shape (batch, latent_dim). Received: input shapes \(inputShapes)")
        }
        return inputShapes[0]
    }

    /// `zMean + exp(0.5 · zLogVar) · ε`, `ε` drawn afresh on every call.
    override public func call(_ inputs: [Tensor], training: Bool) -> Tensor {
        check(inputs.count == 2 && inputs[0].shape == inputs[1].shape,
              "\(errorContext) expects [z_mean, z_log_var] of one shape, received \(inputs.map(\.shape))")
        var rng = generator ?? Random.makeGenerator(seed: nil)
        let epsilon = Tensor(shape: inputs[0].shape) { out in
            for i in 0..<out.count { out[i] = rng.nextNormal() }
        }
        if generator != nil { generator = rng }
        return inputs[0] + exp(inputs[1] * 0.5) * epsilon
    }
}
