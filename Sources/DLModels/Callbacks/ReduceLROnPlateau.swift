/// Multiplies the learning rate by `factor` when a monitored quantity stops improving
/// (Keras 3 `ReduceLROnPlateau`).
///
/// Improvement means beating the best by more than `minDelta`. After `patience` epochs without
/// one (not counting `cooldown` epochs after a reduction), the optimizer's rate becomes
/// max(rate · factor, minLR). Adds `"learning_rate"` to the epoch logs.
public final class ReduceLROnPlateau: Callback {
    /// The log key watched (`"val_loss"` by default).
    public let monitor: String
    /// The factor applied to the rate (< 1).
    public let factor: Float
    /// Epochs without improvement before reducing.
    public let patience: Int
    /// Whether lower or higher is better.
    public let mode: MonitorMode
    /// The smallest change that counts as an improvement.
    public let minDelta: Float
    /// Epochs to wait after a reduction before counting again.
    public let cooldown: Int
    /// The rate is never reduced below this.
    public let minLR: Float
    /// 1 prints a line at each reduction.
    public let verbose: Int

    /// The best monitored value so far.
    public private(set) var best: Float = .infinity
    /// Epochs since the last improvement.
    public private(set) var wait = 0
    /// Epochs of cooldown left.
    public private(set) var cooldownCounter = 0

    private var assignedOptimizer: Optimizer?

    /// The optimizer whose rate is changed: the model's (set by `compile`) unless one is assigned,
    /// e.g. for a custom training loop.
    public var optimizer: Optimizer? {
        get { assignedOptimizer ?? model?.optimizer }
        set { assignedOptimizer = newValue }
    }

    private var warnings = MonitorWarnings()

    /// Reduce-on-plateau with Keras's defaults. `factor` must be below 1: `fit` throws otherwise
    /// (`validateArguments()`), where Keras's constructor raises.
    public init(monitor: String = "val_loss", factor: Float = 0.1, patience: Int = 10, mode: MonitorMode = .auto,
                minDelta: Float = 1e-4, cooldown: Int = 0, minLR: Float = 0, verbose: Int = 0) {
        self.monitor = monitor
        self.factor = factor
        self.patience = patience
        self.mode = mode
        self.minDelta = minDelta
        self.cooldown = cooldown
        self.minLR = minLR
        self.verbose = verbose
        super.init()
        reset()
    }

    private var maximizes: Bool { mode.maximizes(monitor) }

    private func reset() {
        best = maximizes ? -.infinity : .infinity
        wait = 0
        cooldownCounter = 0
    }

    /// Throws unless `factor < 1` (Keras's check; a NaN factor fails it too).
    override public func validateArguments() throws {
        guard factor < 1 else {
            throw DLError.invalidArgument(context: "ReduceLROnPlateau",
                                          message: "ReduceLROnPlateau does not support a factor >= 1.0. Received: factor=\(factor)")
        }
    }

    /// Resets the state.
    override public func onTrainBegin(logs: [String: Float]) {
        reset()
        warnings = MonitorWarnings()
    }

    /// Adds the current `"learning_rate"`.
    override public func addEpochLogs(_ epoch: Int, logs: inout [String: Float]) {
        if let rate = optimizer?.learningRate { logs["learning_rate"] = rate }
    }

    /// Counts epochs without improvement and reduces the rate when patience runs out.
    override public func onEpochEnd(_ epoch: Int, logs: [String: Float]) {
        guard let current = warnings.value(of: monitor, in: logs, message: { available in
            "Learning rate reduction is conditioned on metric `\(monitor)` which is not available. Available metrics are: \(available)."
        }) else { return }
        if cooldownCounter > 0 {
            cooldownCounter -= 1
            wait = 0
        }
        if maximizes ? current > best + minDelta : current < best - minDelta {
            best = current
            wait = 0
            return
        }
        guard cooldownCounter == 0 else { return }
        wait += 1
        guard wait >= patience, let optimizer else { return }
        let oldRate = optimizer.learningRate
        guard oldRate > minLR else { return }
        let newRate = Swift.max(oldRate * factor, minLR)
        optimizer.learningRate = newRate
        if verbose > 0 { print("Epoch \(epoch + 1): ReduceLROnPlateau reducing learning rate to \(newRate).") }
        cooldownCounter = cooldown
        wait = 0
    }
}
