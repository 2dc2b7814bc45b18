extension Model {
    /// Configures the model for training (Keras `compile`): the optimizer, the loss and the
    /// metrics to report. `.accuracy` is resolved from the loss as Keras does. What training runs
    /// is decided here, once, and kept in one `TrainingPlan` (including whether a softmax output
    /// is fused with a cross-entropy loss). On a model with several outputs the loss applies to
    /// each (logged as `"<output>_loss"`), and `metrics` must be empty (give one list per output
    /// with `compile(optimizer:loss:lossWeights:metrics:)`; `fit` throws otherwise).
    public func compile(optimizer: Optimizer, loss: Loss, metrics: [Metric] = []) {
        plan = TrainingPlan(optimizer: optimizer, losses: [loss], lossWeights: nil, metrics: [metrics], flat: true, model: self)
    }

    /// Configures a model with several outputs (Keras `compile` with lists): one loss per output
    /// in the outputs' order (or one loss for all), optionally one weight per output (`"loss"` is
    /// the weighted sum; each `"<output>_loss"` log is unweighted, as in Keras), and one metric
    /// list per output (logged as `"<output>_<metric>"`). A list whose length does not match the
    /// outputs is reported as a `DLError` by `fit`, `evaluate` and `trainOnBatch`.
    public func compile(optimizer: Optimizer, loss: [Loss], lossWeights: [Float]? = nil, metrics: [[Metric]] = []) {
        plan = TrainingPlan(optimizer: optimizer, losses: loss, lossWeights: lossWeights, metrics: metrics, flat: false, model: self)
    }

    /// Configures a model with its own `trainStep` that needs no loss (Keras `compile(optimizer=...)`,
    /// as for a VAE): `fit` then runs that step, with or without targets; the standard step throws.
    public func compile(optimizer: Optimizer) {
        plan = TrainingPlan(optimizer: optimizer, losses: [], lossWeights: nil, metrics: [], flat: false, model: self)
    }

    /// Forgets what the loss trackers, the compiled metrics and the `trackers` accumulated (Keras
    /// `reset_metrics`).
    public func resetMetrics() {
        plan?.resetMetrics()
        for tracker in trackers { tracker.reset() }
    }

    /// The training plan, or `DLError.notCompiled` naming `call`.
    func requirePlan(_ call: String) throws -> TrainingPlan {
        guard let plan else { throw DLError.notCompiled(model: name, call: call) }
        return plan
    }
}
