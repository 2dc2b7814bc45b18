/// Sets the optimizer's learning rate at the start of each epoch from a function of the epoch
/// (0-based) and the current rate (Keras `LearningRateScheduler`). Adds `"learning_rate"` to the
/// epoch logs.
public final class LearningRateScheduler: Callback {
    private let schedule: (Int, Float) -> Float
    /// 1 prints the rate set at each epoch.
    public let verbose: Int

    private var assignedOptimizer: Optimizer?

    /// The optimizer whose rate is changed: the model's (set by `compile`) unless one is assigned,
    /// e.g. for a custom training loop.
    public var optimizer: Optimizer? {
        get { assignedOptimizer ?? model?.optimizer }
        set { assignedOptimizer = newValue }
    }

    /// A scheduler calling `schedule(epoch, currentRate)` before each epoch.
    public init(_ schedule: @escaping (_ epoch: Int, _ learningRate: Float) -> Float, verbose: Int = 0) {
        self.schedule = schedule
        self.verbose = verbose
    }

    /// Sets the rate for this epoch.
    override public func onEpochBegin(_ epoch: Int, logs: [String: Float]) {
        guard let optimizer else { return }
        let rate = schedule(epoch, optimizer.learningRate)
        optimizer.learningRate = rate
        if verbose > 0 { print("\nEpoch \(epoch + 1): LearningRateScheduler setting learning rate to \(rate).") }
    }

    /// Adds the current `"learning_rate"`.
    override public func addEpochLogs(_ epoch: Int, logs: inout [String: Float]) {
        if let rate = optimizer?.learningRate { logs["learning_rate"] = rate }
    }
}
