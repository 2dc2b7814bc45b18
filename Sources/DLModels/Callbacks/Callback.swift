/// A hook into training (Keras `Callback`). `fit` sets `model` and `params`, then calls the
/// hooks with Keras's log keys (`"loss"`, `"accuracy"`, `"val_loss"`, `"val_accuracy"`, ...).
///
/// Every hook may throw (a checkpoint that cannot be written): `fit` stops at once and rethrows the
/// error, as a Keras callback's exception ends `fit`. Overrides that cannot fail need not be marked
/// `throws`.
open class Callback {
    /// The model being trained (set by `fit`).
    public weak var model: Model?
    /// Training parameters: `"epochs"`, `"steps"`, `"verbose"`.
    public var params: [String: Int] = [:]

    /// A callback with no behaviour of its own.
    public init() {}

    /// Throws a `DLError` naming the callback and the argument when an argument given to its
    /// initializer cannot be used (Keras raises these from the constructor; here the initializers
    /// do not throw, and `fit` calls this before training starts, after setting `model` and
    /// `params`). The default accepts everything.
    open func validateArguments() throws {}

    /// Called once before the first epoch.
    open func onTrainBegin(logs: [String: Float]) throws {}
    /// Called once after the last epoch.
    open func onTrainEnd(logs: [String: Float]) throws {}
    /// Called before each epoch (0-based).
    open func onEpochBegin(_ epoch: Int, logs: [String: Float]) throws {}
    /// Called after each epoch with the epoch's training and validation logs.
    open func onEpochEnd(_ epoch: Int, logs: [String: Float]) throws {}
    /// Called at the end of each epoch on every callback, before any `onEpochEnd`, to add entries
    /// to the epoch's logs that every callback then sees (Keras callbacks write into the shared
    /// logs dict; `LearningRateScheduler` and `ReduceLROnPlateau` add `"learning_rate"`).
    open func addEpochLogs(_ epoch: Int, logs: inout [String: Float]) throws {}
    /// Called before each training batch.
    open func onBatchBegin(_ batch: Int, logs: [String: Float]) throws {}
    /// Called after each training batch with the running averages so far.
    open func onBatchEnd(_ batch: Int, logs: [String: Float]) throws {}
}
