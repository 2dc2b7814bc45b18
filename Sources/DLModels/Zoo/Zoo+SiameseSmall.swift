import DLLayers

extension Zoo {
    /// A small Siamese network for 28×28 images, the one of the one-shot test and the `siamese`
    /// benchmark: a twin encoder, the functional model named `"twin"` (Conv2D(32, 5, relu) –
    /// MaxPool 2 – Conv2D(64, 3, relu) – MaxPool 2 – Flatten – Dense(embedding, sigmoid)), called
    /// on both inputs so that they share its weights, their `L1Distance` and Dense(1, sigmoid), the
    /// probability that both images show the same class. Keras's default initializers. 224,385
    /// parameters for 28×28×1 and an embedding of 128.
    ///
    /// Shapes: `[[batch] + inputShape, [batch] + inputShape] → [batch, 1]`; the twin,
    /// `model.layer(named: "twin")`, maps `[batch] + inputShape → [batch, embedding]`.
    /// An input too small for the kernels (under 14×14) is reported as a `DLError` by the model's
    /// first throwing call (`graphError` has it at once).
    public static func siameseSmall(inputShape: [Int] = [28, 28, 1], embedding: Int = 128) -> Model {
        let image = Input(shape: inputShape, name: "image")
        var h = Conv2D(32, kernelSize: 5, activation: .relu)(image)
        h = MaxPooling2D(poolSize: 2)(h)
        h = Conv2D(64, kernelSize: 3, activation: .relu)(h)
        h = MaxPooling2D(poolSize: 2)(h)
        h = Flatten()(h)
        let twin = Model(inputs: image, outputs: Dense(embedding, activation: .sigmoid)(h), name: "twin")
        return siamese(twin: twin, inputShape: inputShape, head: Dense(1, activation: .sigmoid), name: "siamese_small")
    }

    /// Two inputs `left` and `right` through the one `twin`, their `L1Distance`, then `head`.
    static func siamese(twin: Model, inputShape: [Int], head: Dense, name: String) -> Model {
        let left = Input(shape: inputShape, name: "left"), right = Input(shape: inputShape, name: "right")
        let distance = L1Distance(name: "l1_distance")([twin(left), twin(right)])
        return Model(inputs: [left, right], outputs: head(distance), name: name)
    }
}
