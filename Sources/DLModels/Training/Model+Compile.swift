extension Model {
    /// Configures the model for training (Keras `compile`): the optimizer, the loss and the
    /// metrics to report. `.accuracy` is resolved from the loss as Keras does.
    public func compile(optimizer: Optimizer, loss: Loss, metrics: [Metric] = []) {
        self.optimizer = optimizer
        self.loss = loss
        self.compiledMetrics = metrics.map { $0.resolved(for: loss) }
    }

    /// The optimizer and loss, or `DLError.notCompiled` naming `call`.
    func requireCompiled(_ call: String) throws -> (optimizer: Optimizer, loss: Loss) {
        guard let optimizer, let loss else { throw DLError.notCompiled(model: name, call: call) }
        return (optimizer, loss)
    }
}
