extension Model {
    /// The loss and metrics on `x`, `y` (Keras `evaluate`), in batches, without training.
    /// - Returns: `["loss": …, "accuracy": …, ...]`.
    /// - Throws: `DLError` when the model is not compiled or the data does not fit it.
    public func evaluate(x: Tensor, y: Tensor, batchSize: Int = 32, verbose: Int = 0) throws -> [String: Float] {
        try evaluate(x: [x], y: y, batchSize: batchSize, verbose: verbose)
    }

    /// The loss and metrics for a model with several inputs.
    public func evaluate(x: [Tensor], y: Tensor, batchSize: Int = 32, verbose: Int = 0) throws -> [String: Float] {
        let (_, loss) = try requireCompiled("evaluate")
        guard batchSize > 0 else {
            throw DLError.invalidArgument(context: "model '\(name)'.evaluate", message: "batchSize must be positive. Received: batchSize=\(batchSize)")
        }
        let count = try validateInputs(x, call: "evaluate")
        try validateTargets(y, samples: count, loss: loss, call: "evaluate")
        return try evaluate(Dataset(x: x, y: y).batched(batchSize), verbose: verbose)
    }

    /// The loss and metrics over one pass of `dataset` (Keras `evaluate` on a `tf.data.Dataset`).
    /// - Throws: `DLError` when the model is not compiled, the data set is empty or a batch does
    ///   not fit the model.
    public func evaluate(_ dataset: Dataset, verbose: Int = 0) throws -> [String: Float] {
        let (_, loss) = try requireCompiled("evaluate")
        let logs = try evaluateLogs(dataset, loss: loss, call: "evaluate", verbose: verbose)
        return Dictionary(logs, uniquingKeysWith: { $1 })
    }

    /// Evaluates `dataset` and returns the logs in Keras's order.
    func evaluateLogs(_ dataset: Dataset, loss: Loss, call: String, verbose: Int = 0) throws -> [(String, Float)] {
        let reference = try checkFirstBatch(of: dataset, loss: loss, call: call)
        let steps = dataset.batchCount
        let tracker = MeanTracker()
        compiledMetrics.forEach { $0.reset() }
        let progress = ProgressBar(target: steps, verbose: verbose)
        for (step, batch) in dataset.enumerated() {
            try checkBatch(batch, step: step, like: reference, call: call)
            let batchLoss = testStep(x: batch.x, y: batch.y, loss: loss)
            tracker.update(batchLoss, weight: Float(batch.y.shape[0]))
            progress.update(step + 1, values: currentLogs(loss: tracker), finalize: false)
        }
        let logs = currentLogs(loss: tracker)
        progress.update(steps, values: logs, finalize: true)
        return logs
    }

    /// Predictions for `x` (Keras `predict`), computed in batches in inference mode.
    /// - Throws: `DLError` when `x` does not fit the model's input.
    public func predict(_ x: Tensor, batchSize: Int = 32) throws -> Tensor {
        try predict([x], batchSize: batchSize)
    }

    /// Predictions for a model with several inputs (the first output).
    public func predict(_ x: [Tensor], batchSize: Int = 32) throws -> Tensor {
        guard batchSize > 0 else {
            throw DLError.invalidArgument(context: "model '\(name)'.predict", message: "batchSize must be positive. Received: batchSize=\(batchSize)")
        }
        try validateInputs(x, call: "predict")
        return try predictions(for: try Dataset(x: x).batched(batchSize))
    }

    /// Predictions for the inputs of every batch of `dataset`, in its order (its targets are not
    /// used), stacked along the first dimension: `[dataset.count] + outputShape`.
    /// - Throws: `DLError` when the data set is empty or a batch does not fit the model's input.
    public func predict(_ dataset: Dataset) throws -> Tensor {
        guard let first = dataset.firstBatch else {
            throw DLError.invalidArgument(context: "model '\(name)'.predict", message: "the data set holds no samples")
        }
        try validateInputs(first.x, call: "predict")
        return try predictions(for: dataset)
    }

    /// Runs the inputs of every batch through the model without gradients and stacks the first
    /// output's rows. The first batch is validated; later ones are checked against it.
    private func predictions(for dataset: Dataset) throws -> Tensor {
        let outputShape = outputs[0].shape
        let rowSize = outputShape.reduce(1, *)
        // Each batch's output is copied straight into the result, whose pages are advised huge
        // before the first write (see `HugePages`).
        var reference: [[Int]]? = nil
        var failure: Error? = nil
        let result = withoutGradients {
            Tensor(shape: [dataset.count] + outputShape) { result in
                HugePages.advise(result)
                var start = 0
                for (step, batch) in dataset.enumerated() {
                    let shapes = batch.x.map { Array($0.shape.dropFirst()) }
                    do {
                        if let reference {
                            try checkInputShapes(shapes, step: step, like: reference, call: "predict")
                        } else {
                            reference = shapes
                        }
                        try checkRowCount(after: start + batch.x[0].shape[0], of: dataset, step: step)
                    } catch {
                        failure = error
                        result.update(repeating: 0)
                        return
                    }
                    let output = callAllOutputs(batch.x, training: false)[0]
                    output.withUnsafeBufferPointer { output in
                        precondition(output.count == batch.x[0].shape[0] * rowSize,
                                     "predict: batch output of \(output.count) scalars, expected \(batch.x[0].shape[0]) × \(rowSize)")
                        guard let source = output.baseAddress, let target = result.baseAddress else { return }
                        (target + start * rowSize).update(from: source, count: output.count)
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
