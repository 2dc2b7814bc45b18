extension Model {
    /// Configures the model for training (Keras `compile`): the optimizer, the loss and the
    /// metrics to report. `.accuracy` is resolved from the loss as Keras does. What training runs
    /// is decided here, once, and kept in one `TrainingPlan` (including whether a softmax output
    /// is fused with a cross-entropy loss).
    public func compile(optimizer: Optimizer, loss: Loss, metrics: [Metric] = []) {
        plan = TrainingPlan(optimizer: optimizer, loss: loss, metrics: metrics, graph: graph)
    }

    /// The training plan, or `DLError.notCompiled` naming `call`.
    func requirePlan(_ call: String) throws -> TrainingPlan {
        guard let plan else { throw DLError.notCompiled(model: name, call: call) }
        return plan
    }
}
