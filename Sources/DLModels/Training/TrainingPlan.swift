/// What `compile` decided training runs, kept in one value (Keras's compiled state): the
/// optimizer, the loss, the metrics resolved for that loss, the loss tracker behind the `"loss"`
/// log, and whether the output's softmax is fused with the loss.
///
/// The fusion applies when the loss has an exact form on logits (`SoftmaxFusableLoss`) and the
/// graph's one output comes from a layer that `providesLogits` (a `Dense` with a softmax): the
/// standard step then runs the graph to the logits and the loss on them. `compile` decides it;
/// a graph built or changed later (a `Sequential` given its input shape by the first data, or
/// grown by `add`) decides it again through `adapted(to:)`, keeping the same optimizer, metrics
/// and tracker.
struct TrainingPlan {
    /// The optimizer `compile` was given.
    let optimizer: Optimizer
    /// The loss `compile` was given, on the model's outputs.
    let loss: Loss
    /// The metrics, resolved for the loss (`.accuracy` becomes the right kind).
    let metrics: [Metric]
    /// The running mean of the batches' losses (Keras's loss tracker), weighted by batch size.
    let lossTracker: MeanTracker
    /// The same loss on logits when the output's softmax is fused with it; nil otherwise.
    let logitsLoss: Loss?

    /// The plan for `loss` and `metrics` on a model with this `graph`.
    init(optimizer: Optimizer, loss: Loss, metrics: [Metric], graph: ModelGraph) {
        self.init(optimizer: optimizer, loss: loss, metrics: metrics.map { $0.resolved(for: loss) },
                  lossTracker: MeanTracker(), graph: graph)
    }

    private init(optimizer: Optimizer, loss: Loss, metrics: [Metric], lossTracker: MeanTracker, graph: ModelGraph) {
        self.optimizer = optimizer
        self.loss = loss
        self.metrics = metrics
        self.lossTracker = lossTracker
        logitsLoss = graph.outputProvidesLogits ? (loss as? SoftmaxFusableLoss)?.onLogits : nil
    }

    /// The same plan for a model whose graph is now `graph` (the fusion decided again).
    func adapted(to graph: ModelGraph) -> TrainingPlan {
        TrainingPlan(optimizer: optimizer, loss: loss, metrics: metrics, lossTracker: lossTracker, graph: graph)
    }

    /// Forgets what the loss tracker and the metrics accumulated (Keras `reset_metrics`).
    func resetMetrics() {
        lossTracker.reset()
        for metric in metrics { metric.reset() }
    }

    /// The current logs: each metric's result and the mean loss so far.
    func logs() -> [String: Float] {
        var logs = ["loss": lossTracker.result()]
        for metric in metrics { logs[metric.name] = metric.result() }
        return logs
    }

    /// `logs` in the order the progress bar shows them: the metrics in order, then `"loss"`
    /// (today's order, Keras's for `accuracy`), then any other key (a custom step's) sorted.
    func ordered(_ logs: [String: Float]) -> [(String, Float)] {
        var seen = Set<String>()
        let known = (metrics.map(\.name) + ["loss"]).filter { seen.insert($0).inserted }
        let first = known.compactMap { key in logs[key].map { (key, $0) } }
        let rest = logs.filter { !seen.contains($0.key) }.sorted { $0.key < $1.key }
        return first + rest.map { ($0.key, $0.value) }
    }
}
