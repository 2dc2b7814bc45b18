/// A loss from a closure (a Keras custom loss function).
///
/// The closure receives labels and predictions `[batch, ...]` and returns either one value per
/// sample (`[batch]`, or `[batch, ...]`, averaged per sample) or an already-reduced scalar; it
/// must use differentiable tensor ops. The training value is the mean.
public struct CustomLoss: Loss {
    /// The name used in logs and error messages.
    public let name: String
    private let body: (Tensor, Tensor) -> Tensor

    /// A loss named `name` computed by `body(yTrue, yPred)`.
    public init(name: String = "custom_loss", _ body: @escaping (_ yTrue: Tensor, _ yPred: Tensor) -> Tensor) {
        self.name = name
        self.body = body
    }

    /// The closure's result reduced to one value per sample (`[1]` when it returns a scalar).
    public func perSampleLoss(yTrue: Tensor, yPred: Tensor) -> Tensor {
        perSampleMean(body(yTrue, yPred))
    }

    /// Accepts any shapes except a differing batch size (the closure decides the rest).
    public func validate(yTrueShape: [Int], yPredShape: [Int]) throws {
        if let n = yTrueShape.first, let m = yPredShape.first, n != m {
            throw DLError.shapeMismatch(context: "loss '\(name)': labels and predictions need the same batch size",
                                        expected: "[\(m), ...]", received: yTrueShape)
        }
    }
}
