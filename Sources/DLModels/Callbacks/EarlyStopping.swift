/// Stops training when a monitored quantity stops improving (Keras 3 `EarlyStopping`).
///
/// After each epoch the monitored value counts as an improvement when it beats the best so far
/// by more than `minDelta`; after `patience` epochs without one, `model.stopTraining` is set.
/// With `baseline`, the wait restarts only when the value also beats the baseline. With
/// `restoreBestWeights`, the best epoch's weights are put back at the end of training.
public final class EarlyStopping: Callback {
    /// The log key watched (`"val_loss"` by default).
    public let monitor: String
    /// The smallest change that counts as an improvement (absolute value).
    public let minDelta: Float
    /// Epochs without improvement before stopping.
    public let patience: Int
    /// Whether lower or higher is better.
    public let mode: MonitorMode
    /// A value the monitored quantity must beat for the wait to restart.
    public let baseline: Float?
    /// Whether to restore the weights of the best epoch when training ends.
    public let restoreBestWeights: Bool
    /// Epochs to wait before watching at all.
    public let startFromEpoch: Int
    /// 1 prints a line when stopping and when restoring weights.
    public let verbose: Int

    /// The epoch at which training was stopped (0 if it was not).
    public private(set) var stoppedEpoch = 0
    /// The epoch with the best monitored value so far.
    public private(set) var bestEpoch = 0
    /// The best monitored value so far.
    public private(set) var best: Float?
    /// Epochs since the last improvement.
    public private(set) var wait = 0
    private var bestWeights: [Tensor]?
    private var warnings = MonitorWarnings()

    /// Early stopping with Keras's defaults.
    public init(monitor: String = "val_loss", minDelta: Float = 0, patience: Int = 0, mode: MonitorMode = .auto,
                baseline: Float? = nil, restoreBestWeights: Bool = false, startFromEpoch: Int = 0, verbose: Int = 0) {
        self.monitor = monitor
        self.minDelta = Swift.abs(minDelta)
        self.patience = patience
        self.mode = mode
        self.baseline = baseline
        self.restoreBestWeights = restoreBestWeights
        self.startFromEpoch = startFromEpoch
        self.verbose = verbose
    }

    /// Resets the state.
    override public func onTrainBegin(logs: [String: Float]) {
        wait = 0
        stoppedEpoch = 0
        best = nil
        bestWeights = nil
        bestEpoch = 0
        warnings = MonitorWarnings()
    }

    /// Compares the monitored value with the best and stops when patience runs out.
    override public func onEpochEnd(_ epoch: Int, logs: [String: Float]) {
        let current = warnings.value(of: monitor, in: logs) { available in
            "Early stopping conditioned on metric `\(monitor)` which is not available. Available metrics are: \(available)"
        }
        guard let current, epoch >= startFromEpoch else { return }
        if restoreBestWeights && bestWeights == nil {
            // Until something improves, the current weights are the best.
            bestWeights = snapshot()
            bestEpoch = epoch
        }
        wait += 1
        if isImprovement(current, over: best) {
            best = current
            bestEpoch = epoch
            if restoreBestWeights { bestWeights = snapshot() }
            if baseline == nil || isImprovement(current, over: baseline) { wait = 0 }
            return
        }
        if wait >= patience && epoch > 0 {
            stoppedEpoch = epoch
            model?.stopTraining = true
        }
    }

    /// Restores the best weights when asked.
    override public func onTrainEnd(logs: [String: Float]) {
        if stoppedEpoch > 0 && verbose > 0 { print("Epoch \(stoppedEpoch + 1): early stopping") }
        guard restoreBestWeights, let bestWeights, let model else { return }
        if verbose > 0 { print("Restoring model weights from the end of the best epoch: \(bestEpoch + 1).") }
        for (variable, value) in zip(model.weights, bestWeights) where variable.shape == value.shape {
            variable.assign(value)
        }
    }

    private func isImprovement(_ value: Float, over reference: Float?) -> Bool {
        guard let reference else { return true }
        return mode.maximizes(monitor) ? value - minDelta > reference : value + minDelta < reference
    }

    private func snapshot() -> [Tensor]? { model?.weights.map { $0.storedValue } }
}
