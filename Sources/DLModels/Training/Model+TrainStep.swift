extension Model {
    /// The standard optimization step (what `trainStep` does unless overridden): forward pass in
    /// training mode, each output's loss (times its weight) summed, plus regularization
    /// penalties, gradients by the tape, optimizer update, loss tracker and metric updates.
    /// Returns the logs so far.
    func standardTrainStep(x: [Tensor], y: [Tensor]) throws -> [String: Float] {
        let plan = try standardPlan("trainStep", targets: y)
        let variables = trainableWeights
        var predictions: [Tensor] = []
        var outputLosses: [Tensor] = []
        let (value, gradients) = valueWithGradient(wrt: variables) { () -> Tensor in
            let fused = plan.logitsLosses.map { $0 != nil }
            let outputs = forward(x, training: true, logitsOutputs: fused.contains(true) ? fused : [])
            var total: Tensor?
            for (index, output) in outputs.enumerated() {
                let loss: Tensor
                if let logitsLoss = plan.logitsLosses[index] {
                    // A softmax output trains on its logits (see `SoftmaxFusableLoss`).
                    predictions.append(softmax(output.detached, axis: -1))
                    loss = logitsLoss.callAsFunction(y[index], output)
                } else {
                    predictions.append(output.detached)
                    loss = plan.loss(index).callAsFunction(y[index], output)
                }
                outputLosses.append(loss.detached)
                total = Self.adding(loss, weight: plan.weight(index), to: total)
            }
            return withPenalty(total)
        }
        plan.optimizer.apply(gradients: gradients, to: variables)
        record(plan, total: value, outputLosses: outputLosses, y: y, predictions: predictions)
        return plan.logs()
    }

    /// The standard evaluation step (what `testStep` does unless overridden): the loss (with
    /// regularization penalties) and metric updates for one batch, without training.
    func standardTestStep(x: [Tensor], y: [Tensor]) throws -> [String: Float] {
        let plan = try standardPlan("testStep", targets: y)
        withoutGradients {
            let predictions = forward(x, training: false)
            var outputLosses: [Tensor] = []
            var total: Tensor?
            for (index, output) in predictions.enumerated() {
                let loss = plan.loss(index).callAsFunction(y[index], output)
                outputLosses.append(loss)
                total = Self.adding(loss, weight: plan.weight(index), to: total)
            }
            record(plan, total: withPenalty(total), outputLosses: outputLosses, y: y, predictions: predictions)
        }
        return plan.logs()
    }

    /// `total + weight × loss` (`loss` alone to start; no product without a weight).
    private static func adding(_ loss: Tensor, weight: Float?, to total: Tensor?) -> Tensor {
        let weighted = weight.map { loss * $0 } ?? loss
        guard let total else { return weighted }
        return total + weighted
    }

    /// The summed loss plus the regularization penalties, if any.
    private func withPenalty(_ total: Tensor?) -> Tensor {
        guard let total else { trap("model '\(name)': no output to train or evaluate") }
        guard let penalty = regularizationLoss() else { return total }
        return total + penalty
    }

    /// Updates the loss trackers (the total, and each output's when there are several) and the
    /// metrics with one batch.
    private func record(_ plan: TrainingPlan, total: Tensor, outputLosses: [Tensor], y: [Tensor], predictions: [Tensor]) {
        let batch = Float(y[0].shape[0])
        plan.lossTracker.update(total.scalar, weight: batch)
        for (tracker, loss) in zip(plan.outputTrackers, outputLosses) { tracker.update(loss.scalar, weight: batch) }
        for (index, prediction) in predictions.enumerated() {
            for metric in plan.metrics(index) { metric.update(yTrue: y[index], yPred: prediction) }
        }
    }

    /// The plan of a standard step: compiled with losses that fit the outputs, one target tensor
    /// per output.
    private func standardPlan(_ call: String, targets y: [Tensor]) throws -> TrainingPlan {
        let plan = try requirePlan(call)
        if let error = plan.error { throw error }
        guard plan.hasLoss else {
            throw DLError.invalidArgument(context: "model '\(name)'.\(call)", message: "the model was compiled without a "
                + "loss; override trainStep/testStep, or compile with a loss. Received: compile(optimizer:)")
        }
        let count = Swift.max(outputShapes.count, 1)
        guard y.count == count else {
            throw DLError.invalidArgument(context: "model '\(name)'.\(call)",
                                          message: "expected \(count) target tensor\(count == 1 ? "" : "s") (one per output). Received: \(y.count) target tensors")
        }
        return plan
    }
}
