extension Model {
    /// Trains the model (Keras `fit`) on one input tensor. See `fit(x: [Tensor], ...)`.
    @discardableResult
    public func fit(x: Tensor, y: Tensor, batchSize: Int = 32, epochs: Int = 1, verbose: Int = 1,
                    callbacks: [Callback] = [], validationSplit: Float = 0,
                    validationData: (x: Tensor, y: Tensor)? = nil, shuffle: Bool = true,
                    initialEpoch: Int = 0) throws -> History {
        try fit(x: [x], y: y, batchSize: batchSize, epochs: epochs, verbose: verbose, callbacks: callbacks,
                validationSplit: validationSplit, validationData: validationData.map { ([$0.x], $0.y) },
                shuffle: shuffle, initialEpoch: initialEpoch)
    }

    /// Trains the model (Keras `fit`) for `epochs - initialEpoch` epochs of mini-batches.
    ///
    /// - Parameters:
    ///   - x: one tensor per model input, `[samples, ...]`.
    ///   - y: the labels, `[samples, ...]`, as the loss expects them.
    ///   - validationSplit: the fraction of samples taken from the END of `x`/`y` (before
    ///     shuffling, as Keras does) to validate on after each epoch; ignored with `validationData`.
    ///   - shuffle: reshuffle the training samples before each epoch.
    /// - Returns: the `History` of the epoch logs (`"loss"`, metrics, `"val_..."`).
    /// - Throws: `DLError` when the model is not compiled or the data does not fit it.
    @discardableResult
    public func fit(x: [Tensor], y: Tensor, batchSize: Int = 32, epochs: Int = 1, verbose: Int = 1,
                    callbacks: [Callback] = [], validationSplit: Float = 0,
                    validationData: (x: [Tensor], y: Tensor)? = nil, shuffle: Bool = true,
                    initialEpoch: Int = 0) throws -> History {
        let (_, loss) = try requireCompiled("fit")
        guard batchSize > 0 else {
            throw DLError.invalidArgument(context: "model '\(name)'.fit", message: "batchSize must be positive. Received: batchSize=\(batchSize)")
        }
        guard validationSplit >= 0 && validationSplit < 1 else {
            throw DLError.invalidArgument(context: "model '\(name)'.fit", message: "validationSplit must be in [0, 1). Received: validationSplit=\(validationSplit)")
        }
        let count = try validateInputs(x, call: "fit")
        try validateTargets(y, samples: count, loss: loss, call: "fit")

        // Validation data: given, or the last fraction of the samples.
        var trainX = x, trainY = y
        var validation: (x: [Tensor], y: Tensor)? = nil
        if let validationData {
            let validationCount = try validateInputs(validationData.x, call: "fit (validationData)")
            try validateTargets(validationData.y, samples: validationCount, loss: loss, call: "fit (validationData)")
            validation = validationData
        } else if validationSplit > 0 {
            guard let splitAt = ValidationSplit.trainingCount(samples: count, fraction: validationSplit) else {
                throw DLError.invalidArgument(context: "model '\(name)'.fit",
                                              message: "validationSplit=\(validationSplit) of \(count) samples leaves no training or no validation samples")
            }
            trainX = x.map { $0[0..<splitAt] }
            trainY = y[0..<splitAt]
            validation = (x.map { $0[splitAt..<count] }, y[splitAt..<count])
        }
        let training = try Dataset(x: trainX, y: trainY).batched(batchSize).shuffled(shuffle)
        let validationSet = try validation.map { try Dataset(x: $0.x, y: $0.y).batched(batchSize) }
        return try fit(training, epochs: epochs, verbose: verbose, callbacks: callbacks,
                       validationData: validationSet, initialEpoch: initialEpoch)
    }

    /// Trains the model (Keras `fit`) on a `Dataset` for `epochs - initialEpoch` epochs, one pass
    /// over its batches an epoch: the data set's batch size and shuffling apply.
    ///
    /// - Parameter validationData: evaluated after each epoch, logged with the `"val_"` prefix.
    /// - Returns: the `History` of the epoch logs (`"loss"`, metrics, `"val_..."`).
    /// - Throws: `DLError` when the model is not compiled, the data set is empty or a batch does
    ///   not fit the model (checked on the first batch before training, then on every batch).
    @discardableResult
    public func fit(_ dataset: Dataset, epochs: Int = 1, verbose: Int = 1, callbacks: [Callback] = [],
                    validationData: Dataset? = nil, initialEpoch: Int = 0) throws -> History {
        let (_, loss) = try requireCompiled("fit")
        let reference = try checkFirstBatch(of: dataset, loss: loss, call: "fit")
        if let validationData { _ = try checkFirstBatch(of: validationData, loss: loss, call: "fit (validationData)") }
        let steps = dataset.batchCount

        let history = History()
        let allCallbacks = callbacks + [history]
        for callback in allCallbacks {
            callback.model = self
            callback.params = ["epochs": epochs, "steps": steps, "verbose": verbose]
        }
        stopTraining = false
        let lossTracker = MeanTracker()
        allCallbacks.forEach { $0.onTrainBegin(logs: [:]) }
        var epoch = initialEpoch
        var lastEpochLogs: [String: Float] = [:]
        while epoch < epochs && !stopTraining {
            allCallbacks.forEach { $0.onEpochBegin(epoch, logs: [:]) }
            if verbose == 1 { print(ProgressBar.epochHeader(epoch, of: epochs)) }
            let progress = ProgressBar(target: steps, verbose: verbose)
            lossTracker.reset()
            compiledMetrics.forEach { $0.reset() }
            for (step, batch) in dataset.enumerated() {
                allCallbacks.forEach { $0.onBatchBegin(step, logs: [:]) }
                try checkBatch(batch, step: step, like: reference, call: "fit")
                let batchLoss = trainStep(x: batch.x, y: batch.y)
                lossTracker.update(batchLoss, weight: Float(batch.y.shape[0]))
                let logs = currentLogs(loss: lossTracker)
                progress.update(step + 1, values: logs, finalize: false)
                let logDictionary = Dictionary(logs, uniquingKeysWith: { $1 })
                allCallbacks.forEach { $0.onBatchEnd(step, logs: logDictionary) }
                if stopTraining { break }
            }
            var epochLogs = currentLogs(loss: lossTracker)
            if let validationData {
                let validationLogs = try evaluateLogs(validationData, loss: loss, call: "fit (validationData)")
                epochLogs += validationLogs.map { ("val_" + $0.0, $0.1) }
            }
            progress.update(steps, values: epochLogs, finalize: true)
            var logDictionary = Dictionary(epochLogs, uniquingKeysWith: { $1 })
            allCallbacks.forEach { $0.addEpochLogs(epoch, logs: &logDictionary) }
            allCallbacks.forEach { $0.onEpochEnd(epoch, logs: logDictionary) }
            lastEpochLogs = logDictionary
            epoch += 1
        }
        allCallbacks.forEach { $0.onTrainEnd(logs: lastEpochLogs) }
        return history
    }

    /// Runs one training step on one batch (Keras `train_on_batch`) and returns its logs.
    public func trainOnBatch(x: Tensor, y: Tensor) throws -> [String: Float] {
        let (_, loss) = try requireCompiled("trainOnBatch")
        let count = try validateInputs([x], call: "trainOnBatch")
        try validateTargets(y, samples: count, loss: loss, call: "trainOnBatch")
        compiledMetrics.forEach { $0.reset() }
        let tracker = MeanTracker()
        tracker.update(trainStep(x: [x], y: y), weight: Float(count))
        return Dictionary(currentLogs(loss: tracker), uniquingKeysWith: { $1 })
    }
}
