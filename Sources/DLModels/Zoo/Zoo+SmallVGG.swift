extension Zoo {
    /// A small VGG-style network (two VGG blocks): [Conv2D(32, 3, same, relu) ×2 – MaxPool 2]
    /// [Conv2D(64, 3, same, relu) ×2 – MaxPool 2] – Flatten – Dense(128, relu) – Dropout(0.5) –
    /// Dense(classes, softmax). 467,818 parameters for 28×28×1 inputs and 10 classes (as Keras
    /// counts them).
    ///
    /// Shapes: `[batch] + inputShape → [batch, classes]` (`inputShape` is `[height, width, channels]`;
    /// the two pools floor each spatial size twice, so 28×28 becomes 7×7×64 before Flatten).
    /// An unusable shape (not rank 3, or under 4×4) is a `DLError` from the model's first throwing call.
    /// - Parameters:
    ///   - inputShape: one image's shape, `[height, width, channels]`.
    ///   - classes: the number of classes (the softmax's width).
    ///   - dropout: the Dropout layer's rate before the last Dense (0.5, as above; 0 keeps every
    ///     unit, for runs that must not draw masks).
    public static func smallVGG(inputShape: [Int] = [28, 28, 1], classes: Int = 10, dropout: Float = 0.5) -> Sequential {
        Sequential([
            InputLayer(shape: inputShape),
            Conv2D(32, kernelSize: 3, padding: .same, activation: .relu),
            Conv2D(32, kernelSize: 3, padding: .same, activation: .relu),
            MaxPooling2D(poolSize: 2),
            Conv2D(64, kernelSize: 3, padding: .same, activation: .relu),
            Conv2D(64, kernelSize: 3, padding: .same, activation: .relu),
            MaxPooling2D(poolSize: 2),
            Flatten(),
            Dense(128, activation: .relu),
            Dropout(dropout),
            Dense(classes, activation: .softmax),
        ], name: "small_vgg")
    }
}
