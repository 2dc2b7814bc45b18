extension Model {
    /// The standard optimization step (what `trainStep` does unless overridden): forward pass in
    /// training mode, loss plus regularization penalties, gradients by the tape, optimizer update,
    /// loss tracker and metric updates. Returns the logs so far.
    func standardTrainStep(x: [Tensor], y: [Tensor]) throws -> [String: Float] {
        let plan = try requirePlan("trainStep")
        let target = try singleTarget(y, call: "trainStep")
        let variables = trainableWeights
        var predictions = Tensor(0)
        let (value, gradients) = valueWithGradient(wrt: variables) { () -> Tensor in
            var total: Tensor
            if let logitsLoss = plan.logitsLoss {
                // A softmax output trains on its logits (see `SoftmaxFusableLoss`).
                let logits = graph.run(x, training: true, logitsOutput: true)[0]
                predictions = softmax(logits.detached, axis: -1)
                total = logitsLoss(target, logits)
            } else {
                let output = graph.run(x, training: true)[0]
                predictions = output.detached
                total = plan.loss(target, output)
            }
            if let penalty = regularizationLoss() { total = total + penalty }
            return total
        }
        plan.optimizer.apply(gradients: gradients, to: variables)
        plan.lossTracker.update(value.scalar, weight: Float(target.shape[0]))
        for metric in plan.metrics { metric.update(yTrue: target, yPred: predictions) }
        return plan.logs()
    }

    /// The standard evaluation step (what `testStep` does unless overridden): the loss (with
    /// regularization penalties) and metric updates for one batch, without training.
    func standardTestStep(x: [Tensor], y: [Tensor]) throws -> [String: Float] {
        let plan = try requirePlan("testStep")
        let target = try singleTarget(y, call: "testStep")
        withoutGradients {
            let predictions = graph.run(x, training: false)[0]
            var total = plan.loss(target, predictions)
            if let penalty = regularizationLoss() { total = total + penalty }
            plan.lossTracker.update(total.scalar, weight: Float(target.shape[0]))
            for metric in plan.metrics { metric.update(yTrue: target, yPred: predictions) }
        }
        return plan.logs()
    }

    /// The one target tensor of a one-output model's batch.
    private func singleTarget(_ y: [Tensor], call: String) throws -> Tensor {
        guard y.count == 1, let target = y.first else {
            throw DLError.invalidArgument(context: "model '\(name)'.\(call)",
                                          message: "expected 1 target tensor (one per output). Received: \(y.count) target tensors")
        }
        return target
    }
}
