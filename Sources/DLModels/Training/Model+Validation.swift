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
}
