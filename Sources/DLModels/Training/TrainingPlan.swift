/// What `compile` decided training runs, kept in one value (Keras's compiled state): the
/// optimizer, the losses (one per output, or one for every output, or none for a model whose
/// own `trainStep` needs none), their weights, the metrics resolved for each output's loss, the
/// loss trackers behind the logs, and which outputs' softmax is fused with their loss.
///
/// The fusion applies to an output when its loss has an exact form on logits
/// (`SoftmaxFusableLoss`) and it comes from a layer that `providesLogits` (a `Dense` with a
/// softmax) that no other layer reads: the standard step then runs the graph to those logits and
/// the loss on them. `compile` decides it; a graph built or changed later (a `Sequential` given
/// its input shape by the first data, or grown by `add`) decides it again through
/// `adapted(to:)`, keeping the same optimizer, metrics and trackers.
///
/// Log keys are Keras 3's: `"loss"` (the weighted sum, with regularization) and each metric's
/// name for a model with one output; with several, also `"<output>_loss"` (each output's
/// unweighted loss) and `"<output>_<metric>"`, `<output>` being the output layer's name.
struct TrainingPlan {
    /// The optimizer `compile` was given.
    let optimizer: Optimizer
    /// The losses `compile` was given: one per output, one for all, or none.
    let losses: [Loss]
    /// The weight of each output's loss in `"loss"`; nil weighs each by 1 (no multiplication).
    let lossWeights: [Float]?
    /// The metrics of each output, resolved for its loss (`.accuracy` becomes the right kind).
    let metrics: [[Metric]]
    /// Whether `metrics` was given as one flat list (`compile(optimizer:loss:metrics:)`).
    let flatMetrics: Bool
    /// The running mean of the batches' total losses (Keras's loss tracker), weighted by batch size.
    let lossTracker: MeanTracker
    /// Each output's unweighted loss, tracked when the model has several outputs.
    let outputTrackers: [MeanTracker]
    /// The model's output names (the output layers' names), in order.
    let outputNames: [String]
    /// Each output's loss on logits when its softmax is fused with it; nil otherwise.
    let logitsLosses: [Loss?]
    /// What does not fit the model (a loss or weight list of another length than the outputs,
    /// flat metrics for several outputs), thrown by every call that trains or evaluates.
    let error: DLError?

    /// The plan for `losses`, `lossWeights` and `metrics` (one list per output, or one `flat`
    /// list for a one-output model) on `model`.
    init(optimizer: Optimizer, losses: [Loss], lossWeights: [Float]?, metrics: [[Metric]], flat: Bool, model: Model) {
        let resolved = metrics.enumerated().map { index, list in
            losses.isEmpty ? list : list.map { $0.resolved(for: losses[Swift.min(index, losses.count - 1)]) }
        }
        self.init(optimizer: optimizer, losses: losses, lossWeights: lossWeights, metrics: resolved, flatMetrics: flat,
                  lossTracker: MeanTracker(), outputTrackers: [], model: model)
    }

    private init(optimizer: Optimizer, losses: [Loss], lossWeights: [Float]?, metrics: [[Metric]], flatMetrics: Bool,
                 lossTracker: MeanTracker, outputTrackers: [MeanTracker], model: Model) {
        self.optimizer = optimizer
        self.losses = losses
        self.lossWeights = lossWeights
        self.metrics = metrics
        self.flatMetrics = flatMetrics
        self.lossTracker = lossTracker
        let names = model.outputNames
        let count = names.count
        outputNames = names
        self.outputTrackers = count > 1 && !losses.isEmpty
            ? (outputTrackers.count == count ? outputTrackers : names.map { MeanTracker(name: $0 + "_loss") }) : []
        let error = Self.mismatch(losses: losses, weights: lossWeights, metrics: metrics, flat: flatMetrics, outputs: count, model: model.name)
        self.error = error
        let providing = model.isSubclassed ? [] : model.graph.outputsProvidingLogits
        logitsLosses = (0..<count).map { index in
            guard error == nil, !losses.isEmpty, index < providing.count, providing[index] else { return nil }
            return (losses[losses.count == 1 ? 0 : index] as? SoftmaxFusableLoss)?.onLogits
        }
    }

    /// The same plan for `model`, whose graph is now another (the fusion decided again).
    func adapted(to model: Model) -> TrainingPlan {
        TrainingPlan(optimizer: optimizer, losses: losses, lossWeights: lossWeights, metrics: metrics, flatMetrics: flatMetrics,
                     lossTracker: lossTracker, outputTrackers: outputTrackers, model: model)
    }

    /// Whether `compile` was given a loss (a custom `trainStep` may need none).
    var hasLoss: Bool { !losses.isEmpty }

    /// Output `index`'s loss.
    func loss(_ index: Int) -> Loss { losses[losses.count == 1 ? 0 : index] }

    /// Output `index`'s loss weight, nil when no weights were given.
    func weight(_ index: Int) -> Float? { lossWeights?[index] }

    /// Output `index`'s metrics.
    func metrics(_ index: Int) -> [Metric] {
        if flatMetrics { return index == 0 ? metrics.first ?? [] : [] }
        return index < metrics.count ? metrics[index] : []
    }

    /// The log key of `metric` on output `index`: its name, prefixed with the output's name when
    /// the model has several outputs.
    func key(_ metric: Metric, output index: Int) -> String {
        outputNames.count > 1 ? "\(outputNames[index])_\(metric.name)" : metric.name
    }

    /// Forgets what the loss trackers and the metrics accumulated (Keras `reset_metrics`).
    func resetMetrics() {
        lossTracker.reset()
        for tracker in outputTrackers { tracker.reset() }
        for list in metrics { for metric in list { metric.reset() } }
    }

    /// The current logs: the mean loss so far, each output's, and each metric's result.
    func logs() -> [String: Float] {
        var logs = ["loss": lossTracker.result()]
        for tracker in outputTrackers { logs[tracker.name] = tracker.result() }
        for index in outputNames.indices {
            for metric in metrics(index) { logs[key(metric, output: index)] = metric.result() }
        }
        return logs
    }

    /// `logs` in the order the progress bar shows them. One output: the metrics in order, then
    /// `"loss"` (Keras's for `accuracy`), then any other key (a custom step's) sorted. Several
    /// outputs: sorted, as Keras 3 shows and records them.
    func ordered(_ logs: [String: Float]) -> [(String, Float)] {
        if outputNames.count > 1 { return logs.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
        var seen = Set<String>()
        let known = (metrics(0).map(\.name) + ["loss"]).filter { seen.insert($0).inserted }
        let first = known.compactMap { key in logs[key].map { (key, $0) } }
        let rest = logs.filter { !seen.contains($0.key) }.sorted { $0.key < $1.key }
        return first + rest.map { ($0.key, $0.value) }
    }

    /// The error for lists that do not match `outputs` outputs, or nil.
    private static func mismatch(losses: [Loss], weights: [Float]?, metrics: [[Metric]], flat: Bool,
                                 outputs: Int, model: String) -> DLError? {
        let context = "model '\(model)'.compile"
        guard outputs > 0 else { return nil }   // a Sequential without its input shape yet
        if losses.count > 1 && losses.count != outputs {
            return .invalidArgument(context: context, message: "expected one loss, or one loss per output (\(outputs)). "
                + "Received: \(losses.count) losses (\(losses.map(\.name).joined(separator: ", ")))")
        }
        if let weights, weights.count != outputs {
            return .invalidArgument(context: context, message: "expected one loss weight per output (\(outputs)). "
                + "Received: lossWeights=\(weights)")
        }
        if !flat && !metrics.isEmpty && metrics.count != outputs {
            return .invalidArgument(context: context, message: "expected one metric list per output (\(outputs)). "
                + "Received: \(metrics.count) metric lists")
        }
        if flat && outputs > 1 && !(metrics.first ?? []).isEmpty {
            return .invalidArgument(context: context, message: "a model with \(outputs) outputs takes one metric list per "
                + "output: compile(optimizer:loss:lossWeights:metrics: [[...], [...]]). Received: one flat list "
                + "of \(metrics[0].count) metrics")
        }
        return nil
    }
}
