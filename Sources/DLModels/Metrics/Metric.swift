/// A quantity tracked during training and evaluation (Keras metric): it accumulates over the
/// batches of an epoch and reports one number.
public protocol Metric: AnyObject {
    /// The log key (`"accuracy"`, `"precision"`, ...); validation logs prefix it with `val_`.
    var name: String { get }
    /// Forgets everything accumulated.
    func reset()
    /// Accumulates one batch. Shapes: as for the model's loss.
    func update(yTrue: Tensor, yPred: Tensor)
    /// The value over everything accumulated since `reset()`.
    func result() -> Float
    /// The metric to use with `loss` (Keras resolves `"accuracy"` from the loss); by default `self`.
    func resolved(for loss: Loss) -> Metric
    /// Throws a `DLError` naming the metric and both shapes when labels of `yTrueShape` cannot
    /// be compared with predictions of `yPredShape` (both with the batch dimension); `fit` and
    /// `evaluate` call it on every batch before `update`. By default, accepts every shape.
    func validate(yTrueShape: [Int], yPredShape: [Int]) throws
    /// Keras's `get_config()`: `name`, `dtype` and the metric's own settings, as Keras 3 writes them.
    func getConfig() -> LayerConfig
    /// Keras's `from_config`: a new metric with the settings of `config`.
    /// - Throws: `DLError.invalidArgument` naming the class and the key for an unknown, ill-typed or unsupported key.
    static func fromConfig(_ config: LayerConfig) throws -> Self
}

extension Metric {
    /// By default a metric is used as it is.
    public func resolved(for loss: Loss) -> Metric { self }

    /// By default every shape is accepted.
    public func validate(yTrueShape: [Int], yPredShape: [Int]) throws {}
}
