/// A convolutional variational autoencoder, after Keras's own example (keras-io
/// `examples/generative/vae.py`), trained by its own `trainStep` as there:
///
///     let vae = VAE(inputShape: [28, 28, 1], latentDim: 2)
///     vae.compile(optimizer: Adam())
///     try vae.fit(x: images, batchSize: 128, epochs: 3)     // images in [0, 1]; no y
///     let samples = vae.sample(count: 16)                     // [16, 28, 28, 1] in [0, 1]
///
/// `encoder` (a functional model named "encoder", `[batch] + inputShape → [zMean, zLogVar, z]`,
/// each `[batch, latentDim]`): Conv2D(32, 3, strides 2, same, relu) – Conv2D(64, 3, strides 2,
/// same, relu) – Flatten – Dense(16, relu) – `z_mean` and `z_log_var` Dense(latentDim) –
/// `Sampling`. `decoder` ("decoder", `[batch, latentDim] → [batch] + inputShape` in (0, 1)):
/// Dense(h/4 · w/4 · 64, relu) – Reshape – Conv2DTranspose(64, 3, strides 2, same, relu) –
/// Conv2DTranspose(32, 3, strides 2, same, relu) – Conv2DTranspose(channels, 3, same, sigmoid).
/// For 28×28×1 and latentDim 2: 69,076 and 65,089 parameters, as Keras's.
///
/// Any `[height, width, channels]` whose height and width are divisible by 4 fits (the two
/// stride-2 convolutions halve them twice and the decoder doubles them back).
///
/// Each step minimizes `reconstruction_loss + kl_loss` (see `lossTerms`) and logs `loss`,
/// `reconstruction_loss` and `kl_loss` (running means over the epoch, reset by `fit` and
/// `evaluate`). Calling the model (`predict`) reconstructs images from their latent means.
public final class VAE: Model {
    /// The per-sample image shape `[height, width, channels]`.
    public let imageShape: [Int]
    /// The size of the latent space.
    public let latentDim: Int
    /// The encoder: `[batch] + imageShape → [zMean, zLogVar, z]` (three outputs).
    public let encoder: Model
    /// The decoder: `[batch, latentDim] → [batch] + imageShape`, probabilities in (0, 1).
    public let decoder: Model
    private let totalTracker = MeanMetric(name: "loss")
    private let reconstructionTracker = MeanMetric(name: "reconstruction_loss")
    private let klTracker = MeanMetric(name: "kl_loss")

    /// A VAE for images of per-sample shape `inputShape`, built at once (its weights exist).
    /// - Parameters:
    ///   - inputShape: `[height, width, channels]`, height and width divisible by 4.
    ///   - latentDim: the size of the latent space (2 for a plane to plot).
    ///   - seed: seeds the encoder's sampling noise on its own (default: the global `Random`).
    ///   - name: the model's name (default: `vae`, `vae_1`, ...).
    /// - Precondition: `inputShape` is `[height, width, channels]` with height and width divisible
    ///   by 4, and `latentDim ≥ 1` (API.md's initializer does not throw: it traps with a message
    ///   naming the setting, as other non-throwing calls do).
    public init(inputShape: [Int] = [28, 28, 1], latentDim: Int = 2, seed: UInt64? = nil, name: String? = nil) {
        check(inputShape.count == 3 && inputShape.allSatisfy({ $0 > 0 }) && inputShape[0] % 4 == 0 && inputShape[1] % 4 == 0,
              "VAE: inputShape must be [height, width, channels] with height and width divisible by 4. "
              + "Received: inputShape=\(inputShape)")
        check(latentDim >= 1, "VAE: latentDim must be at least 1. Received: latentDim=\(latentDim)")
        imageShape = inputShape
        self.latentDim = latentDim
        encoder = Self.makeEncoder(inputShape, latentDim: latentDim, seed: seed)
        decoder = Self.makeDecoder(inputShape, latentDim: latentDim)
        super.init(name: name)
        // Built now, from its known input shape: its layers are the encoder and the decoder.
        do {
            if let error = encoder.graphError ?? decoder.graphError { throw error }
            try traceSubclass(inputShapes: [inputShape])
        } catch {
            trap("VAE '\(self.name)': \(error)")
        }
    }

    /// The class name (`VAE`), as Keras's example names it.
    override public class var kerasClassName: String { "VAE" }

    /// The loss, reconstruction and KL trackers, reset by `fit` and `evaluate` each epoch.
    override public var trackers: [MeanMetric] { [totalTracker, reconstructionTracker, klTracker] }

    /// Reconstructs `inputs[0]` (`[batch] + imageShape`) from its latent means: `decoder(zMean)`.
    override public func call(_ inputs: [Tensor], training: Bool) -> Tensor {
        decoder(encoder(inputs[0], training: training), training: training)
    }

    /// One step of Keras's example `train_step`: encodes, samples, decodes, takes the tape's
    /// gradients of `reconstruction_loss + kl_loss` and applies them with the compiled optimizer.
    /// `y` is ignored (the VAE is fitted without targets). Returns the running `loss`,
    /// `reconstruction_loss` and `kl_loss`.
    /// - Throws: `DLError.invalidArgument` when the model is not compiled.
    override public func trainStep(x: [Tensor], y: [Tensor]) throws -> [String: Float] {
        guard let optimizer else {
            throw DLError.invalidArgument(context: "model '\(name)'.trainStep", message: "the VAE is not compiled; call "
                                          + "compile(optimizer:) first. Received: no optimizer")
        }
        let variables = trainableWeights
        var terms = (reconstruction: Tensor(0), kl: Tensor(0))
        let (_, gradients) = valueWithGradient(wrt: variables) { () -> Tensor in
            terms = lossTerms(for: x[0], training: true)
            return terms.reconstruction + terms.kl
        }
        optimizer.apply(gradients: gradients, to: variables)
        return record(terms, batch: x[0].shape[0])
    }

    /// One evaluation step: the same loss terms without training (Keras `test_step`).
    override public func testStep(x: [Tensor], y: [Tensor]) throws -> [String: Float] {
        let terms = withoutGradients { lossTerms(for: x[0], training: false) }
        return record(terms, batch: x[0].shape[0])
    }

    /// The decoder's images for latent points `z` (`[count, latentDim] → [count] + imageShape`),
    /// at inference, without gradients.
    /// - Precondition: `z` is `[count, latentDim]` (traps with both shapes otherwise).
    public func decode(_ z: Tensor) -> Tensor {
        check(z.rank == 2 && z.shape[0] > 0 && z.shape[1] == latentDim,
              "VAE '\(name)'.decode: expected z of shape [count, \(latentDim)]. Received: \(z.shape)")
        return withoutGradients { decoder.call(z, training: false) }
    }

    /// `count` new images: `z ~ N(0, I)` decoded, `[count] + imageShape` in [0, 1]. `seed` makes
    /// the draw repeatable on its own (default: the global `Random`).
    /// - Precondition: `count >= 1`.
    public func sample(count: Int, seed: UInt64? = nil) -> Tensor {
        check(count >= 1, "VAE '\(name)'.sample: count must be at least 1. Received: count=\(count)")
        return decode(Tensor.randomNormal([count, latentDim], seed: seed))
    }

    /// The latent means of `images` (`[N] + imageShape → [N, latentDim]`), e.g. for a scatter plot.
    /// - Throws: `DLError` when the images do not fit the encoder.
    public func encode(_ images: Tensor, batchSize: Int = 32) throws -> Tensor {
        try encoder.predictOutputs([images], batchSize: batchSize)[0]
    }

    /// Keras's example loss terms on one batch, as scalars:
    /// `reconstruction_loss` = the batch mean of the per-image sum of binary cross-entropies
    /// (Keras's `binary_crossentropy`: probabilities clipped to [1e-7, 1 − 1e-7], averaged over
    /// the channel axis), `kl_loss` = the batch mean of `Σ −0.5 · (1 + zLogVar − zMean² − exp(zLogVar))`.
    /// Shapes: `data` and `reconstruction` `[batch, h, w, c]`; `zMean`, `zLogVar` `[batch, latentDim]`.
    public static func lossTerms(data: Tensor, reconstruction: Tensor, zMean: Tensor,
                                 zLogVar: Tensor) -> (reconstruction: Tensor, kl: Tensor) {
        check(data.shape == reconstruction.shape && data.rank >= 2 && zMean.shape == zLogVar.shape && zMean.rank == 2,
              "VAE.lossTerms: data \(data.shape) and reconstruction \(reconstruction.shape) must match, "
              + "zMean \(zMean.shape) and zLogVar \(zLogVar.shape) too")
        let batch = Float(data.shape[0]), channels = Float(data.shape[data.rank - 1])
        let t = data.detached
        let p = clip(reconstruction, min: probabilityEpsilon, max: 1 - probabilityEpsilon)
        let crossEntropy = -(t * log(p) + (1 - t) * log(1 - p))
        let reconstructionLoss = crossEntropy.sum() / (batch * channels)
        let kl = ((1 + zLogVar - square(zMean) - exp(zLogVar)) * -0.5).sum() / batch
        return (reconstructionLoss, kl)
    }

    /// Encodes, samples and decodes `data`, and returns its loss terms.
    private func lossTerms(for data: Tensor, training: Bool) -> (reconstruction: Tensor, kl: Tensor) {
        let codes = encoder.callOutputs([data], training: training)
        let reconstruction = decoder.call(codes[2], training: training)
        return Self.lossTerms(data: data, reconstruction: reconstruction, zMean: codes[0], zLogVar: codes[1])
    }

    /// Updates the trackers with one batch's terms and returns the logs.
    private func record(_ terms: (reconstruction: Tensor, kl: Tensor), batch: Int) -> [String: Float] {
        let reconstruction = terms.reconstruction.scalar, kl = terms.kl.scalar
        totalTracker.update(reconstruction + kl, weight: Float(batch))
        reconstructionTracker.update(reconstruction, weight: Float(batch))
        klTracker.update(kl, weight: Float(batch))
        return [totalTracker.name: totalTracker.result, reconstructionTracker.name: reconstructionTracker.result,
                klTracker.name: klTracker.result]
    }
}
