// The checks of user data against the model, in one place: `fit`, `evaluate`, `trainOnBatch`
// and `predict` build the graph from the first batch (`prepare`), then check every batch with
// `validate(_:step:plan:call:)` before it runs.

extension Model {
    /// Builds a deferred graph (a `Sequential` without an input shape) from the first batch of
    /// `dataset` and checks that the graph can run: no building error, one output when `plan`
    /// is given (training and evaluation). Returns that first batch.
    /// - Throws: `DLError` when the data set is empty or the graph cannot be built or used.
    @discardableResult
    func prepare(for dataset: Dataset, plan: TrainingPlan?, call: String) throws -> Dataset.Batch {
        guard let first = dataset.firstBatch else {
            throw DLError.invalidArgument(context: "model '\(name)'.\(call)", message: "the data set holds no samples")
        }
        try buildGraph(forInputs: first.x, call: call)
        if plan != nil { try requireOneOutput(call: call) }
        return first
    }

    /// Builds a deferred graph for inputs like `xs` (building only; `validateInputs` checks them).
    func buildGraph(forInputs xs: [Tensor], call: String) throws {
        if let bad = xs.first(where: { $0.rank == 0 }) {
            throw DLError.shapeMismatch(context: "model '\(name)'.\(call) input", expected: "[samples, ...]", received: bad.shape)
        }
        try prepareGraph(forInputShapes: xs.map { Array($0.shape.dropFirst()) })
        try checkGraph()
    }

    /// Throws until several outputs are supported: training and evaluation use one output.
    func requireOneOutput(call: String) throws {
        guard outputs.count == 1 else {
            throw DLError.invalidArgument(context: "model '\(name)'.\(call)",
                                          message: "models with several outputs cannot be trained or evaluated yet "
                                            + "(one loss on the first output would ignore the others). Received: a model with \(outputs.count) outputs")
        }
    }

    /// Throws a `DLError` unless `batch` fits the model: its inputs always, its targets too when
    /// `plan` is given (the loss's checks of shapes and label values, and the metrics' checks).
    /// `step` names the batch in messages.
    func validate(_ batch: Dataset.Batch, step: Int, plan: TrainingPlan?, call: String) throws {
        let where_ = step == 0 ? call : "\(call), batch \(step)"
        let count = try validateInputs(batch.x, call: where_)
        if let plan { try validateTargets(batch.y, samples: count, plan: plan, call: where_) }
    }

    /// Throws a `DLError` unless `xs` fit the model's inputs: their count, per-sample shapes and
    /// sample counts. Returns the number of samples.
    @discardableResult
    func validateInputs(_ xs: [Tensor], call: String) throws -> Int {
        guard !xs.isEmpty else {
            throw DLError.invalidArgument(context: "model '\(name)'.\(call)", message: "received no input tensors")
        }
        if let bad = xs.first(where: { $0.rank == 0 }) {
            throw DLError.shapeMismatch(context: "model '\(name)'.\(call) input", expected: "[samples, ...]", received: bad.shape)
        }
        guard xs.count == inputs.count else {
            throw DLError.invalidArgument(context: "model '\(name)'.\(call)",
                                          message: "the model has \(inputs.count) inputs but received \(xs.count) input tensors")
        }
        for (index, (x, input)) in zip(xs, inputs).enumerated() {
            let perSample = Array(x.shape.dropFirst())
            guard perSample == input.shape else {
                throw DLError.shapeMismatch(
                    context: "model '\(name)'.\(call): input \(index) ('\(input.layer.name)') does not fit the first layer",
                    expected: "[samples] + \(input.shape)", received: x.shape)
            }
        }
        let count = xs[0].shape[0]
        if let other = xs.first(where: { $0.shape[0] != count }) {
            throw DLError.invalidArgument(context: "model '\(name)'.\(call)",
                                          message: "input tensors have different sample counts: \(count) and \(other.shape[0])")
        }
        return count
    }

    /// Throws a `DLError` unless targets `ys` fit the model's output, loss and metrics for
    /// `count` samples.
    func validateTargets(_ ys: [Tensor], samples count: Int, plan: TrainingPlan, call: String) throws {
        guard ys.count == outputs.count else {
            throw DLError.invalidArgument(context: "model '\(name)'.\(call)",
                                          message: "the model has \(outputs.count) output(s) but received \(ys.count) target tensors")
        }
        let y = ys[0]
        guard y.rank >= 1, y.shape[0] == count else {
            throw DLError.invalidArgument(context: "model '\(name)'.\(call)",
                                          message: "x has \(count) samples but y has \(y.rank >= 1 ? y.shape[0] : 0) (y shape \(y.shape))")
        }
        let predictionShape = [count] + outputs[0].shape
        do {
            try plan.loss.validate(yTrue: y, yPredShape: predictionShape)
            for metric in plan.metrics { try metric.validate(yTrueShape: y.shape, yPredShape: predictionShape) }
        } catch let error as DLError {
            throw DLError.invalidArgument(context: "model '\(name)'.\(call): labels do not fit the output \(outputs[0].batchShapeDescription)",
                                          message: error.description)
        }
    }
}
