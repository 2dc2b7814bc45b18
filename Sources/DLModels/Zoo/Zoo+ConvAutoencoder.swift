extension Zoo {
    /// The convolutional autoencoder of Keras's example "Convolutional autoencoder for image
    /// denoising" (keras.io): encoder Conv2D(32, 3, same, relu) – MaxPool 2 (same) – Conv2D(32, 3,
    /// same, relu) – MaxPool 2 (same); decoder Conv2DTranspose(32, 3, strides 2, same, relu) ×2 –
    /// Conv2D(channels, 3, same, sigmoid), a functional `Model` named "conv_autoencoder".
    /// For `[28, 28, 1]` the code is 7×7×32 and the model has 28,353 parameters (as Keras counts).
    ///
    /// Shapes: `[batch, h, w, c] → [batch, h, w, c]`, outputs in (0, 1). When `h` or `w` is not a
    /// multiple of 4 the decoder overshoots (the pools round up) and a final Cropping2D trims
    /// the bottom and right edges back to `h × w`. An input shape not of rank 3 is a `DLError`
    /// from the model's first throwing call.
    public static func convAutoencoder(inputShape: [Int] = [28, 28, 1]) -> Model {
        let input = Input(shape: inputShape)
        var x = Conv2D(32, kernelSize: 3, padding: .same, activation: .relu)(input)
        x = MaxPooling2D(poolSize: 2, padding: .same)(x)
        x = Conv2D(32, kernelSize: 3, padding: .same, activation: .relu)(x)
        x = MaxPooling2D(poolSize: 2, padding: .same)(x)
        x = Conv2DTranspose(32, kernelSize: 3, strides: 2, padding: .same, activation: .relu)(x)
        x = Conv2DTranspose(32, kernelSize: 3, strides: 2, padding: .same, activation: .relu)(x)
        x = Conv2D(inputShape.last ?? 1, kernelSize: 3, padding: .same, activation: .sigmoid)(x)
        if inputShape.count == 3, x.shape.count == 3, x.shape[0] != inputShape[0] || x.shape[1] != inputShape[1] {
            x = Cropping2D(cropping: ((0, x.shape[0] - inputShape[0]), (0, x.shape[1] - inputShape[1])))(x)
        }
        return Model(inputs: input, outputs: x, name: "conv_autoencoder")
    }
}
