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
        let count = try validateInputs(x, call: "evaluate")
        try validateTargets(y, samples: count, loss: loss, call: "evaluate")
        let logs = try evaluateLogs(x: x, y: y, batchSize: batchSize, loss: loss, verbose: verbose)
        return Dictionary(logs, uniquingKeysWith: { $1 })
    }

    /// Evaluates already-validated data and returns the logs in Keras's order.
    func evaluateLogs(x: [Tensor], y: Tensor, batchSize: Int, loss: Loss, verbose: Int = 0) throws -> [(String, Float)] {
        guard batchSize > 0 else {
            throw DLError.invalidArgument(context: "model '\(name)'.evaluate", message: "batchSize must be positive. Received: batchSize=\(batchSize)")
        }
        let count = y.shape[0]
        let steps = (count + batchSize - 1) / batchSize
        let tracker = MeanTracker()
        compiledMetrics.forEach { $0.reset() }
        let progress = ProgressBar(target: steps, verbose: verbose)
        for step in 0..<steps {
            let range = (step * batchSize)..<min(count, (step + 1) * batchSize)
            let batchLoss = testStep(x: x.map { $0[range] }, y: y[range], loss: loss)
            tracker.update(batchLoss, weight: Float(range.count))
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
        let count = try validateInputs(x, call: "predict")
        let outputShape = outputs[0].shape
        let rowSize = outputShape.reduce(1, *)
        // Each batch's output is copied straight into the result, whose pages are advised huge
        // before the first write (see `HugePages`).
        return withoutGradients {
            Tensor(shape: [count] + outputShape) { result in
                HugePages.advise(result)
                var start = 0
                while start < count {
                    let range = start..<min(count, start + batchSize)
                    let batch = callAllOutputs(x.map { $0[range] }, training: false)[0]
                    batch.withUnsafeBufferPointer { output in
                        precondition(output.count == range.count * rowSize,
                                     "predict: batch output of \(output.count) scalars, expected \(range.count) × \(rowSize)")
                        guard let source = output.baseAddress, let target = result.baseAddress else { return }
                        (target + start * rowSize).update(from: source, count: output.count)
                    }
                    start = range.upperBound
                }
            }
        }
    }
}
