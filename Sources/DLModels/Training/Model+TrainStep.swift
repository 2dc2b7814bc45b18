extension Model {
    /// The standard optimization step (what `trainStep` does unless overridden): forward pass in
    /// training mode, loss plus regularization penalties, gradients by the tape, optimizer update,
    /// metric update. Returns the batch's loss.
    public func standardTrainStep(x: [Tensor], y: Tensor) -> Float {
        guard let optimizer, let loss else { preconditionFailure("model '\(name)': trainStep before compile") }
        let variables = trainableWeights
        // A softmax output with cross-entropy trains on the logits (see `SoftmaxFusableLoss`).
        let logitsLoss = outputs.count == 1 && graph.outputHasSoftmaxLogits ? (loss as? SoftmaxFusableLoss)?.onLogits : nil
        var predictions = Tensor(0)
        let (value, gradients) = valueWithGradient(wrt: variables) { () -> Tensor in
            var total: Tensor
            if let logitsLoss {
                let logits = graph.run(x, training: true, logitsOutput: true)[0]
                predictions = softmax(logits.detached, axis: -1)
                total = logitsLoss(y, logits)
            } else {
                let output = callAllOutputs(x, training: true)[0]
                predictions = output.detached
                total = loss(y, output)
            }
            if let penalty = regularizationLoss() { total = total + penalty }
            return total
        }
        optimizer.apply(gradients: gradients, to: variables)
        for metric in compiledMetrics { metric.update(yTrue: y, yPred: predictions) }
        return value.scalar
    }

    /// The loss (with regularization penalties) and metric updates for one batch, without training.
    func testStep(x: [Tensor], y: Tensor, loss: Loss) -> Float {
        withoutGradients {
            let predictions = callAllOutputs(x, training: false)[0]
            var total = loss(y, predictions)
            if let penalty = regularizationLoss() { total = total + penalty }
            for metric in compiledMetrics { metric.update(yTrue: y, yPred: predictions) }
            return total.scalar
        }
    }

    /// The logs of the current epoch: metrics in order, then the loss (Keras's order).
    func currentLogs(loss: MeanTracker, prefix: String = "") -> [(String, Float)] {
        compiledMetrics.map { (prefix + $0.name, $0.result()) } + [(prefix + "loss", loss.result())]
    }
}
