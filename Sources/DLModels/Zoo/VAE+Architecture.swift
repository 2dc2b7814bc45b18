// The encoder and decoder of `VAE`, as Keras's example (examples/generative/vae.py) builds them.

extension VAE {
    /// Conv2D(32, 3, s2, same, relu) – Conv2D(64, 3, s2, same, relu) – Flatten – Dense(16, relu) –
    /// `z_mean`, `z_log_var` Dense(latentDim) – `Sampling`: three outputs `[zMean, zLogVar, z]`.
    static func makeEncoder(_ inputShape: [Int], latentDim: Int, seed: UInt64?) -> Model {
        let input = Input(shape: inputShape, name: "encoder_input")
        var x = Conv2D(32, kernelSize: 3, strides: 2, padding: .same, activation: .relu)(input)
        x = Conv2D(64, kernelSize: 3, strides: 2, padding: .same, activation: .relu)(x)
        x = Flatten()(x)
        x = Dense(16, activation: .relu)(x)
        let zMean = Dense(latentDim, name: "z_mean")(x)
        let zLogVar = Dense(latentDim, name: "z_log_var")(x)
        let z = Sampling(seed: seed)([zMean, zLogVar])
        return Model(inputs: input, outputs: [zMean, zLogVar, z], name: "encoder")
    }

    /// Dense(h/4 · w/4 · 64, relu) – Reshape – Conv2DTranspose(64, 3, s2, same, relu) –
    /// Conv2DTranspose(32, 3, s2, same, relu) – Conv2DTranspose(channels, 3, same, sigmoid).
    static func makeDecoder(_ imageShape: [Int], latentDim: Int) -> Model {
        let (height, width) = (imageShape[0] / 4, imageShape[1] / 4)
        let input = Input(shape: [latentDim], name: "decoder_input")
        var x = Dense(height * width * 64, activation: .relu)(input)
        x = Reshape([height, width, 64])(x)
        x = Conv2DTranspose(64, kernelSize: 3, strides: 2, padding: .same, activation: .relu)(x)
        x = Conv2DTranspose(32, kernelSize: 3, strides: 2, padding: .same, activation: .relu)(x)
        let output = Conv2DTranspose(imageShape[2], kernelSize: 3, padding: .same, activation: .sigmoid)(x)
        return Model(inputs: input, outputs: output, name: "decoder")
    }
}
