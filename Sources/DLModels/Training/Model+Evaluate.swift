extension Model {
    /// The loss and metrics over one pass of `dataset` (Keras `evaluate` on a `tf.data.Dataset`).
    /// With several ranks (`Distributed`), each evaluates its part of every batch and the logs are
    /// averaged over the ranks, weighted by their samples.
    /// - Returns: `["loss": …, "accuracy": …, ...]`, the last `testStep`'s logs (Keras 3's keys:
    ///   with several outputs also `"<output>_loss"` and `"<output>_<metric>"`).
    /// - Throws: `DLError` when the model is not compiled, the data set is empty, a batch does
    ///   not fit the model or the data set fails to make one (naming the batch).
    public func evaluate(_ dataset: Dataset, verbose: Int = 0) throws -> [String: Float] {
        let first = try prepare(for: dataset, training: true, call: "evaluate")
        let plan = try requirePlan("evaluate")
        try validate(first, step: 0, plan: plan, call: "evaluate")
        let logs = try evaluateLogs(dataset, plan: plan, call: "evaluate", verbose: verbose)
        return Dictionary(logs, uniquingKeysWith: { $1 })
    }

    /// Evaluates `dataset` (already prepared) with `testStep` and returns the logs in the
    /// progress bar's order.
    func evaluateLogs(_ dataset: Dataset, plan: TrainingPlan, call: String, verbose: Int = 0) throws -> [(String, Float)] {
        if DataParallel.isActive {   // several ranks: Model+DataParallelEvaluate.swift
            return try Distributed.duringCollectives {
                try evaluateLogsDataParallel(dataset, plan: plan, call: call, verbose: verbose)
            }
        }
        let steps = dataset.batchCount
        resetMetrics()
        let progress = ProgressBar(target: steps, verbose: verbose)
        var logs: [String: Float] = [:]
        var batches = dataset.makeIterator()
        var step = 0
        while let batch = try nextBatch(&batches, step: step, call: call) {
            try validate(batch, step: step, plan: plan, call: call)
            logs = try testStep(x: batch.x, y: batch.y)
            progress.update(step + 1, values: plan.ordered(logs), finalize: false)
            step += 1
        }
        progress.update(steps, values: plan.ordered(logs), finalize: true)
        return plan.ordered(logs)
    }

    /// Predictions for the inputs of every batch of `dataset`, in its order (its targets are not
    /// used), stacked along the first dimension: `[dataset.count] + outputShape`. With several
    /// ranks (`Distributed`), each predicts its part of every batch and every rank gets all rows.
    /// - Throws: `DLError` when the data set is empty, a batch does not fit the model's input or
    ///   the data set fails to make one (naming the batch).
    public func predict(_ dataset: Dataset) throws -> Tensor {
        try validate(try prepare(for: dataset, training: false, call: "predict"), step: 0, plan: nil, call: "predict")
        try requireOutputs(call: "predict")
        if DataParallel.isActive {
            return try Distributed.duringCollectives { try predictionsDataParallel(for: dataset, call: "predict")[0] }
        }
        return try predictions(for: dataset)
    }

    /// Predictions of every output for the inputs of every batch of `dataset`, one tensor per
    /// output: `[dataset.count] + outputShape`.
    /// - Throws: `DLError` when the data set is empty or a batch does not fit the model's input.
    public func predictOutputs(_ dataset: Dataset) throws -> [Tensor] {
        try validate(try prepare(for: dataset, training: false, call: "predictOutputs"), step: 0, plan: nil, call: "predictOutputs")
        try requireOutputs(call: "predictOutputs")
        if DataParallel.isActive {
            return try Distributed.duringCollectives { try predictionsDataParallel(for: dataset, call: "predictOutputs") }
        }
        if outputShapes.count == 1 { return [try predictions(for: dataset)] }
        var parts: [[Tensor]] = Array(repeating: [], count: outputShapes.count)
        try withoutGradients {
            var batches = dataset.makeIterator()
            var step = 0
            while let batch = try nextBatch(&batches, step: step, call: "predictOutputs") {
                try validate(batch, step: step, plan: nil, call: "predictOutputs")
                for (index, output) in forward(batch.x, training: false).enumerated() { parts[index].append(output) }
                step += 1
            }
        }
        return parts.map { $0.count == 1 ? $0[0] : concatenate($0, axis: 0) }
    }

    /// Throws unless the model has an output to predict (a subclassed model without `call` has none).
    private func requireOutputs(call: String) throws {
        guard !outputShapes.isEmpty else {
            throw DLError.invalidArgument(context: "model '\(name)'.\(call)", message: "the model has no output to predict: "
                + "a subclassed model needs its own call(_ inputs: [Tensor], training:). Received: \(type(of: self))")
        }
    }

    /// Runs the inputs of every batch through the model without gradients and stacks the first
    /// output's rows, each batch checked before it runs.
    private func predictions(for dataset: Dataset) throws -> Tensor {
        let outputShape = outputShapes[0]
        let rowSize = outputShape.reduce(1, *)
        // Each batch's output is copied straight into the result, whose pages are advised huge
        // before the first write (see `HugePages`).
        var failure: Error? = nil
        let result = withoutGradients {
            Tensor(shape: [dataset.count] + outputShape) { result in
                HugePages.advise(result)
                var start = 0
                var batches = dataset.makeIterator()
                for step in 0... {
                    let batch: Dataset.Batch
                    do {
                        guard let next = try nextBatch(&batches, step: step, call: "predict") else { break }
                        batch = next
                        try validate(batch, step: step, plan: nil, call: "predict")
                        try checkRowCount(after: start + batch.x[0].shape[0], of: dataset, step: step)
                    } catch {
                        failure = error
                        result.update(repeating: 0)
                        return
                    }
                    let output = forward(batch.x, training: false)[0]
                    output.withUnsafeBufferPointer { output in
                        check(output.count == batch.x[0].shape[0] * rowSize,
                              "predict: batch output of \(output.count) scalars, expected \(batch.x[0].shape[0]) × \(rowSize)")
                        guard let source = output.baseAddress, let target = result.baseAddress else { return }
                        // On the workers, in the bands of rows the layers wrote (still in each core's cache).
                        Parallel.forRowBands(rows: batch.x[0].shape[0], columns: rowSize) { first, end in
                            (target + (start + first) * rowSize).update(from: source + first * rowSize,
                                                                        count: (end - first) * rowSize)
                        }
                    }
                    start += batch.x[0].shape[0]
                }
            }
        }
        if let failure { throw failure }
        return result
    }

    /// Throws unless the batches up to `step`, `rows` samples in all, stay within the data set's
    /// `count` (a `map` that changes batch sizes cannot be predicted into one result).
    private func checkRowCount(after rows: Int, of dataset: Dataset, step: Int) throws {
        let last = step == dataset.batchCount - 1
        guard rows <= dataset.count, !last || rows == dataset.count else {
            throw DLError.invalidArgument(context: "model '\(name)'.predict",
                                          message: "the batches up to batch \(step) hold \(rows) samples, but the data set "
                                            + "holds \(dataset.count); predict needs maps that keep each batch's size")
        }
    }
}
