extension Zoo {
    /// The course's dense autoencoder: Input(inputDim) – Dense(encodingDim, relu) (the code) –
    /// Dense(inputDim, sigmoid) (the reconstruction), a functional `Model` named "autoencoder".
    /// `autoencoder(inputDim: 784, encodingDim: 32)` has 50,992 parameters
    /// (784·32 + 32 + 32·784 + 784). Train it with `fit(x: x, y: x)` on inputs scaled to [0, 1]
    /// (binary cross-entropy or mean squared error); the encoder is
    /// `Model(inputs: ae.inputs, outputs: ae.layers[1].output!)`.
    ///
    /// Shapes: `[batch, inputDim] → [batch, inputDim]`.
    public static func autoencoder(inputDim: Int = 784, encodingDim: Int = 32) -> Model {
        let input = Input(shape: [inputDim])
        let encoded = Dense(encodingDim, activation: .relu)(input)
        let decoded = Dense(inputDim, activation: .sigmoid)(encoded)
        return Model(inputs: input, outputs: decoded, name: "autoencoder")
    }
}
