import DLLayers

extension Zoo {
    /// The Siamese network of Koch, Zemel and Salakhutdinov, "Siamese Neural Networks for One-shot
    /// Image Recognition" (ICML deep learning workshop, 2015), for 105×105 Omniglot characters.
    ///
    /// The twin encoder, the functional model named `"twin"`: Conv2D(64, 10×10, relu) – MaxPool 2 –
    /// Conv2D(128, 7×7, relu) – MaxPool 2 – Conv2D(128, 4×4, relu) – MaxPool 2 – Conv2D(256, 4×4,
    /// relu) – Flatten – Dense(4096, sigmoid), called on both inputs (shared weights), their
    /// `L1Distance`, then Dense(1, sigmoid). 38,951,745 parameters for 105×105×1.
    ///
    /// Initializers as the paper gives them (section 4.1): convolution kernels N(0, 0.01), every
    /// bias N(0.5, 0.01), and the fully connected layers' weights "from a much wider normal
    /// distribution", N(0, 0.2). (Popular Keras ports draw the Dense(4096) kernel from N(0, 0.01)
    /// like the convolutions; the paper's text is followed here.) The paper tunes one L2 weight
    /// decay per layer without publishing the values; the values of those ports are used:
    /// L2(2e-4) on the convolution kernels and L2(1e-3) on the Dense(4096) kernel, none on the head.
    ///
    /// Shapes: `[[batch] + inputShape, [batch] + inputShape] → [batch, 1]`; the twin,
    /// `model.layer(named: "twin")`, maps `[batch] + inputShape → [batch, 4096]`.
    /// The kernels need large images (at least 65×65, which the last convolution sees as 4×4): a
    /// smaller input such as 28×28 shrinks to nothing, reported as a `DLError` naming the layer by
    /// the model's first throwing call (`graphError` has it at once).
    public static func siameseKoch(inputShape: [Int] = [105, 105, 1]) -> Model {
        let convKernel = Initializer.randomNormal(mean: 0, stddev: 0.01)
        let denseKernel = Initializer.randomNormal(mean: 0, stddev: 0.2)
        let bias = Initializer.randomNormal(mean: 0.5, stddev: 0.01)
        func conv(_ filters: Int, _ size: Int) -> Conv2D {
            Conv2D(filters, kernelSize: size, activation: .relu, kernelInitializer: convKernel,
                   biasInitializer: bias, kernelRegularizer: .l2(2e-4))
        }
        let image = Input(shape: inputShape, name: "image")
        var h = conv(64, 10)(image)
        h = MaxPooling2D(poolSize: 2)(h)
        h = conv(128, 7)(h)
        h = MaxPooling2D(poolSize: 2)(h)
        h = conv(128, 4)(h)
        h = MaxPooling2D(poolSize: 2)(h)
        h = conv(256, 4)(h)
        h = Flatten()(h)
        h = Dense(4096, activation: .sigmoid, kernelInitializer: denseKernel, biasInitializer: bias,
                  kernelRegularizer: .l2(1e-3))(h)
        let twin = Model(inputs: image, outputs: h, name: "twin")
        let head = Dense(1, activation: .sigmoid, kernelInitializer: denseKernel, biasInitializer: bias)
        return siamese(twin: twin, inputShape: inputShape, head: head, name: "siamese_koch")
    }
}
