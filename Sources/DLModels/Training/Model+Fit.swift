extension Model {
    /// Trains the model (Keras `fit`) on a `Dataset` for `epochs - initialEpoch` epochs, one pass
    /// over its batches an epoch: the data set's batch size and shuffling apply.
    ///
    /// A data set without targets (`Dataset(x:)`) suits a model whose own `trainStep` needs none
    /// (compiled with `compile(optimizer:)`, as a VAE).
    ///
    /// Each batch is checked against the model (`validate(_:step:plan:call:)`) and handed to
    /// `trainStep(x:y:)`, whose logs drive the progress bar, the callbacks and the `History`.
    /// With `verbose` 1 or 2 and more than one epoch, each epoch starts with `Epoch i/N`.
    ///
    /// - Parameters:
    ///   - dataset: the training batches (inputs and targets).
    ///   - epochs: the epoch to stop after (1-based: trains epochs `initialEpoch + 1 ... epochs`).
    ///   - verbose: 0 silent, 1 a progress bar, 2 one line per epoch.
    ///   - callbacks: called at the start and end of training, of each epoch and of each batch.
    ///   - validationData: evaluated after each epoch, logged with the `"val_"` prefix.
    ///   - initialEpoch: the epoch to start from (0-based), to resume a run.
    /// With several ranks (`Distributed.size > 1`, a program started by `mpirun`), training is
    /// data-parallel: see `Distributed`.
    ///
    /// - Returns: the `History` of the epoch logs (`"loss"`, metrics, `"val_..."`).
    /// - Throws: `DLError` when the model is not compiled, the data set is empty, a batch does
    ///   not fit the model (the first checked before training, then each before its step), the
    ///   data set fails to make a batch (its source's or a map's error, naming the batch) or a
    ///   callback's argument is out of range (checked before training); a callback's own error
    ///   (a checkpoint that cannot be written) ends training and is rethrown.
    @discardableResult
    public func fit(_ dataset: Dataset, epochs: Int = 1, verbose: Int = 1, callbacks: [Callback] = [],
                    validationData: Dataset? = nil, initialEpoch: Int = 0) throws -> History {
        if Distributed.size > 1 {   // several ranks (mpirun): Model+DataParallelFit.swift
            return try Distributed.duringCollectives {
                try fitDataParallel(dataset, epochs: epochs, verbose: verbose, callbacks: callbacks,
                                    validationData: validationData, initialEpoch: initialEpoch)
            }
        }
        let plan = try checkFitData(dataset, validationData: validationData)
        let steps = dataset.batchCount
        let history = History()
        let allCallbacks = callbacks + [history]
        for callback in allCallbacks {
            callback.model = self
            callback.params = ["epochs": epochs, "steps": steps, "verbose": verbose]
            try callback.validateArguments()
        }
        stopTraining = false
        try allCallbacks.forEach { try $0.onTrainBegin(logs: [:]) }
        var epoch = initialEpoch
        var lastEpochLogs: [String: Float] = [:]
        while epoch < epochs && !stopTraining {
            try allCallbacks.forEach { try $0.onEpochBegin(epoch, logs: [:]) }
            if verbose != 0 && epochs > 1 { print(ProgressBar.epochHeader(epoch, of: epochs)) }
            let progress = ProgressBar(target: steps, verbose: verbose)
            resetMetrics()
            var logs: [String: Float] = [:]
            // Leaving this loop early (stopTraining, an error) ends the pass: a prefetching
            // thread stops with the iterator.
            var batches = dataset.makeIterator()
            var step = 0
            let call = epochs - initialEpoch > 1 ? "fit (epoch \(epoch + 1))" : "fit"
            while let batch = try nextBatch(&batches, step: step, call: call) {
                try allCallbacks.forEach { try $0.onBatchBegin(step, logs: [:]) }
                try validate(batch, step: step, plan: plan, call: "fit")
                logs = try trainStep(x: batch.x, y: batch.y)
                progress.update(step + 1, values: plan.ordered(logs), finalize: false)
                try allCallbacks.forEach { try $0.onBatchEnd(step, logs: logs) }
                if stopTraining { break }
                step += 1
            }
            var epochLogs = plan.ordered(logs)
            if let validationData {
                let validationLogs = try evaluateLogs(validationData, plan: plan, call: "fit (validationData)")
                epochLogs += validationLogs.map { ("val_" + $0.0, $0.1) }
            }
            progress.update(steps, values: epochLogs, finalize: true)
            var logDictionary = Dictionary(epochLogs, uniquingKeysWith: { $1 })
            try allCallbacks.forEach { try $0.addEpochLogs(epoch, logs: &logDictionary) }
            try allCallbacks.forEach { try $0.onEpochEnd(epoch, logs: logDictionary) }
            lastEpochLogs = logDictionary
            epoch += 1
        }
        try allCallbacks.forEach { try $0.onTrainEnd(logs: lastEpochLogs) }
        return history
    }
}

extension Model {
    /// Checks the first batch of `dataset` (and of `validationData`) against the compiled model before any step,
    /// and returns the compiled plan.
    /// - Throws: `DLError` naming `fit` (or `fit (validationData)`) and the shapes when a batch does not fit.
    func checkFitData(_ dataset: Dataset, validationData: Dataset?) throws -> TrainingPlan {
        let first = try prepare(for: dataset, training: true, call: "fit")
        let plan = try requirePlan("fit")
        try validate(first, step: 0, plan: plan, call: "fit")
        if let validationData {
            let call = "fit (validationData)"
            try validate(try prepare(for: validationData, training: true, call: call), step: 0, plan: plan, call: call)
        }
        return plan
    }
}
