/// A training objective (Keras loss). Conformers compute a per-sample loss; the value used for
/// training is its mean over the batch (Keras's `sum_over_batch_size` reduction).
public protocol Loss {
    /// Keras's name of the loss (`"mean_squared_error"`, `"categorical_crossentropy"`, ...).
    var name: String { get }

    /// The loss of each sample, `[batch]`, recorded on the tape.
    /// Shapes: yTrue and yPred `[batch, ...]` (sparse losses: yTrue `[batch]` or `[batch, 1]`).
    func perSampleLoss(yTrue: Tensor, yPred: Tensor) -> Tensor

    /// Throws a `DLError` naming both shapes when labels of `yTrueShape` cannot be compared with
    /// predictions of `yPredShape` (both with the batch dimension).
    func validate(yTrueShape: [Int], yPredShape: [Int]) throws

    /// Throws a `DLError` when the labels themselves cannot be used with predictions of
    /// `yPredShape` (shapes, and values where the loss needs them, e.g. class ids in range).
    /// Meant to be called once on the whole label tensor before training or evaluation. By default, checks the shapes.
    func validate(yTrue: Tensor, yPredShape: [Int]) throws

    /// Keras's `get_config()`: `name`, `reduction` and the loss's own settings, as Keras 3 writes them.
    func getConfig() -> LayerConfig

    /// Keras's `from_config`: the loss `config` describes.
    /// - Throws: `DLError.invalidArgument` naming the class and the key for an unknown, ill-typed or unsupported key.
    static func fromConfig(_ config: LayerConfig) throws -> Self
}

extension Loss {
    /// Checks the shapes only (`validate(yTrueShape:yPredShape:)`).
    public func validate(yTrue: Tensor, yPredShape: [Int]) throws {
        try validate(yTrueShape: yTrue.shape, yPredShape: yPredShape)
    }

    /// The mean loss over the batch (rank 0), recorded on the tape.
    public func callAsFunction(_ yTrue: Tensor, _ yPred: Tensor) -> Tensor {
        perSampleLoss(yTrue: yTrue, yPred: yPred).mean()
    }
}
