/// Ready-made models (Keras application-style builders).
public enum Zoo {}

extension Zoo {
    /// LeNet-5 as in the course material: Conv2D(6, 5, same, relu) – MaxPool 2 – Conv2D(16, 5,
    /// valid, relu) – MaxPool 2 – Flatten – Dense(120, relu) – Dense(84, relu) –
    /// Dense(classes, softmax). 61,706 parameters for 28×28×1 inputs and 10 classes.
    /// Shapes: `[batch] + inputShape → [batch, classes]`.
    public static func leNet5(inputShape: [Int] = [28, 28, 1], classes: Int = 10) -> Sequential {
        Sequential([
            Conv2D(6, kernelSize: 5, padding: .same, activation: .relu, inputShape: inputShape),
            MaxPooling2D(poolSize: 2),
            Conv2D(16, kernelSize: 5, padding: .valid, activation: .relu),
            MaxPooling2D(poolSize: 2),
            Flatten(),
            Dense(120, activation: .relu),
            Dense(84, activation: .relu),
            Dense(classes, activation: .softmax),
        ], name: "lenet5")
    }
}
