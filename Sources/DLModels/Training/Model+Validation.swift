// The checks of user data against the model, in one place: `fit`, `evaluate`, `trainOnBatch`
// and `predict` build the graph from the first batch (`prepare`), then check every batch with
// `validate(_:step:plan:call:)` before it runs.

extension Model {
    /// Builds a deferred graph (a `Sequential` without an input shape, a subclassed model) from
    /// the first batch of `dataset` and checks that the model can run: no building error and,
    /// with `training` (training and evaluation), a compiled plan that fits its outputs.
    /// Returns that first batch.
    /// - Throws: `DLError` when the data set is empty or the model cannot be built or used.
    @discardableResult
    func prepare(for dataset: Dataset, training: Bool, call: String) throws -> Dataset.Batch {
        let made: Dataset.Batch?
        do { made = try dataset.makeFirstBatch() } catch { throw batchFailure(error, step: 0, call: call) }
        guard let first = made else {
            throw DLError.invalidArgument(context: "model '\(name)'.\(call)", message: "the data set holds no samples")
        }
        try buildGraph(forInputs: first.x, call: call)
        if training, let error = try requirePlan(call).error { throw error }
        return first
    }

    /// The next batch of a pass, its source's or map's error thrown as a `DLError` naming the
    /// batch (`step`, 0-based) and `call`; `nil` after the last batch.
    func nextBatch(_ batches: inout Dataset.Iterator, step: Int, call: String) throws -> Dataset.Batch? {
        do { return try batches.nextBatch() } catch { throw batchFailure(error, step: step, call: call) }
    }

    /// The `DLError` for a data set that failed to make batch `step`.
    private func batchFailure(_ error: Error, step: Int, call: String) -> DLError {
        .invalidArgument(context: "model '\(name)'.\(call), batch \(step)",
                         message: "the data set failed to make this batch: \(error)")
    }

    /// Builds a deferred graph for inputs like `xs` (building only; `validateInputs` checks them).
    func buildGraph(forInputs xs: [Tensor], call: String) throws {
        if let bad = xs.first(where: { $0.rank == 0 }) {
            throw DLError.shapeMismatch(context: "model '\(name)'.\(call) input", expected: "[samples, ...]", received: bad.shape)
        }
        let shapes = xs.map { Array($0.shape.dropFirst()) }
        if isSubclassed {
            try traceSubclass(inputShapes: shapes)
        } else {
            try prepareGraph(forInputShapes: shapes)
        }
        try checkGraph()
    }

    /// Throws a `DLError` unless `batch` fits the model: its inputs always, its targets too when
    /// `plan` is given and has a loss (the losses' checks of shapes and label values, and the
    /// metrics' checks). `step` names the batch in messages.
    func validate(_ batch: Dataset.Batch, step: Int, plan: TrainingPlan?, call: String) throws {
        let where_ = step == 0 ? call : "\(call), batch \(step)"
        let count = try validateInputs(batch.x, call: where_)
        if let plan, plan.hasLoss { try validateTargets(batch.y, samples: count, plan: plan, call: where_) }
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
        let shapes = inputShapes
        guard xs.count == shapes.count else {
            throw DLError.invalidArgument(context: "model '\(name)'.\(call)",
                                          message: "the model has \(shapes.count) inputs but received \(xs.count) input tensors")
        }
        for (index, (x, shape)) in zip(xs, shapes).enumerated() {
            let perSample = Array(x.shape.dropFirst())
            guard perSample == shape else {
                throw DLError.shapeMismatch(
                    context: "model '\(name)'.\(call): input \(index) ('\(inputName(index))') does not fit the first layer",
                    expected: "[samples] + \(shape)", received: x.shape)
            }
        }
        let count = xs[0].shape[0]
        if let other = xs.first(where: { $0.shape[0] != count }) {
            throw DLError.invalidArgument(context: "model '\(name)'.\(call)",
                                          message: "input tensors have different sample counts: \(count) and \(other.shape[0])")
        }
        // Layers that check their data's values (Embedding's token ids), where they read a model input.
        for case let checking as ValidatesInputValues in layers {
            guard let input = checking.input, let index = inputs.firstIndex(where: { $0 === input }) else { continue }
            try checking.validate(inputValues: xs[index])
        }
        return count
    }

    /// Throws a `DLError` unless targets `ys` (one per output) fit the model's outputs, losses
    /// and metrics for `count` samples.
    func validateTargets(_ ys: [Tensor], samples count: Int, plan: TrainingPlan, call: String) throws {
        let shapes = outputShapes
        guard ys.count == shapes.count else {
            throw DLError.invalidArgument(context: "model '\(name)'.\(call)",
                                          message: "expected one target tensor per output (\(shapes.count): "
                                            + "\(outputNames.map { "'\($0)'" }.joined(separator: ", "))). Received: \(ys.count) target tensors")
        }
        for (index, y) in ys.enumerated() {
            let which = shapes.count > 1 ? " for output '\(outputNames[index])'" : ""
            guard y.rank >= 1, y.shape[0] == count else {
                throw DLError.invalidArgument(context: "model '\(name)'.\(call)",
                                              message: "x has \(count) samples but y\(which) has \(y.rank >= 1 ? y.shape[0] : 0) (y shape \(y.shape))")
            }
            let predictionShape = [count] + shapes[index]
            do {
                try plan.loss(index).validate(yTrue: y, yPredShape: predictionShape)
                for metric in plan.metrics(index) { try metric.validate(yTrueShape: y.shape, yPredShape: predictionShape) }
            } catch let error as DLError {
                throw DLError.invalidArgument(context: "model '\(name)'.\(call): labels do not fit \(shapes.count > 1 ? "output '\(outputNames[index])'" : "the output") \(outputShapeDescription(index))",
                                              message: error.description)
            }
        }
    }
}
