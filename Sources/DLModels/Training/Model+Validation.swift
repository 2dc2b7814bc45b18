// Checks of user data against the model, run before any training or inference work.

extension Model {
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
        try prepareGraph(forInputShapes: xs.map { Array($0.shape.dropFirst()) })
        try checkGraph()
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

    /// Throws a `DLError` unless labels `y` fit the model's output and loss for `count` samples.
    func validateTargets(_ y: Tensor, samples count: Int, loss: Loss, call: String) throws {
        guard y.rank >= 1, y.shape[0] == count else {
            throw DLError.invalidArgument(context: "model '\(name)'.\(call)",
                                          message: "x has \(count) samples but y has \(y.rank >= 1 ? y.shape[0] : 0) (y shape \(y.shape))")
        }
        let predictionShape = [count] + outputs[0].shape
        do {
            try loss.validate(yTrue: y, yPredShape: predictionShape)
        } catch let error as DLError {
            throw DLError.invalidArgument(context: "model '\(name)'.\(call): labels do not fit the output \(outputs[0].batchShapeDescription)",
                                          message: error.description)
        }
    }

    /// Validates the first batch of `dataset` against the model and the loss (building a deferred
    /// model from it) and returns its per-sample shapes, which every later batch must share.
    /// - Throws: `DLError` when the data set is empty or the batch does not fit.
    func checkFirstBatch(of dataset: Dataset, loss: Loss, call: String) throws -> BatchShapes {
        guard let first = dataset.firstBatch else {
            throw DLError.invalidArgument(context: "model '\(name)'.\(call)", message: "the data set holds no samples")
        }
        let count = try validateInputs(first.x, call: call)
        try validateTargets(first.y, samples: count, loss: loss, call: call)
        return BatchShapes(inputs: first.x.map { Array($0.shape.dropFirst()) }, target: Array(first.y.shape.dropFirst()))
    }

    /// Throws a `DLError` unless `batch` has the per-sample shapes of `reference`, one sample
    /// count throughout: a cheap check of every batch after the first.
    func checkBatch(_ batch: Dataset.Batch, step: Int, like reference: BatchShapes, call: String) throws {
        try checkInputShapes(batch.x.map { Array($0.shape.dropFirst()) }, step: step, like: reference.inputs, call: call)
        let count = batch.x[0].shape[0]
        guard batch.y.rank >= 1, Array(batch.y.shape.dropFirst()) == reference.target, batch.y.shape[0] == count,
              batch.x.allSatisfy({ $0.shape[0] == count }) else {
            throw DLError.shapeMismatch(context: "model '\(name)'.\(call): batch \(step) targets differ from the first batch's",
                                        expected: "[\(count)] + \(reference.target)", received: batch.y.shape)
        }
    }

    /// Throws a `DLError` unless the per-sample input `shapes` of batch `step` equal `reference`.
    func checkInputShapes(_ shapes: [[Int]], step: Int, like reference: [[Int]], call: String) throws {
        guard shapes == reference else {
            throw DLError.invalidArgument(context: "model '\(name)'.\(call)",
                                          message: "batch \(step) has per-sample input shapes \(shapes), but the first batch had \(reference)")
        }
    }
}

/// The per-sample shapes of a batch's inputs and targets.
struct BatchShapes {
    var inputs: [[Int]]
    var target: [Int]
}
