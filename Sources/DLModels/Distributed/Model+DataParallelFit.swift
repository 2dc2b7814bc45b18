import DLCore
import DLData

extension Model {
    /// `fit` with more than one rank (`Distributed.size > 1`), Horovod's way: rank 0's weights and
    /// optimizer state are broadcast first (after checking that every rank has the same model and
    /// data set size); each epoch's sample order is rank 0's (the order one process with the same
    /// seed draws); every rank trains on its run of each global batch, the gradients being averaged
    /// by `BaseOptimizer.apply` (see `DataParallel`); the logs are averaged over the ranks, weighted
    /// by their samples, before the progress bar and the callbacks see them, so that the callbacks
    /// that stop training decide the same on every rank; the validation data is evaluated the same
    /// way (`evaluateLogsDataParallel`). The progress bar and the callbacks that
    /// write files (`CSVLogger`, `ModelCheckpoint`, `TensorBoard`) run on rank 0 only.
    ///
    /// An error in a step (a batch that fails to load or does not fit, a `trainStep` that throws)
    /// travels with the step's next exchange, and every rank throws it; an error of a callback
    /// during an epoch ends the job (`MPI_Abort`) with the error on standard error.
    func fitDataParallel(_ dataset: Dataset, epochs: Int, verbose: Int, callbacks: [Callback],
                         validationData: Dataset?, initialEpoch: Int) throws -> History {
        DataParallel.reset()
        defer { DataParallel.stepSamples = 1 }
        let plan = try checkFitData(dataset, validationData: validationData)
        try synchronizeRanks(dataset: dataset, plan: plan)
        let chief = Distributed.isChief
        let shownVerbose = chief ? verbose : 0
        let steps = dataset.batchCount
        let history = History()
        let allCallbacks = (chief ? callbacks : callbacks.filter { !Self.writesFiles($0) }) + [history]
        stopTraining = false
        // Rank 0's callbacks may fail alone (a file that cannot be opened): every rank throws its error.
        do {
            for callback in allCallbacks {
                callback.model = self
                callback.params = ["epochs": epochs, "steps": steps, "verbose": shownVerbose]
                try callback.validateArguments()
            }
            try allCallbacks.forEach { try $0.onTrainBegin(logs: [:]) }
        } catch { DataParallel.localError = error }
        _ = try DataParallel.any(false)
        var epoch = initialEpoch
        var lastEpochLogs: [String: Float] = [:]
        var knownKeys: [String] = []
        while epoch < epochs && !stopTraining {
            try Self.orAbort { try allCallbacks.forEach { try $0.onEpochBegin(epoch, logs: [:]) } }
            if shownVerbose != 0 && epochs > 1 { print(ProgressBar.epochHeader(epoch, of: epochs)) }
            let progress = ProgressBar(target: steps, verbose: shownVerbose)
            resetMetrics()
            var logs: [String: Float] = [:], localLogs: [String: Float] = [:]   // averaged over the ranks; this rank's
            let order = dataset.isShuffled ? Distributed.broadcast(chief ? Random.permutation(dataset.count)
                                                                   : [Int](repeating: 0, count: dataset.count)) : nil
            var batches = dataset.makeIterator(order: order, shard: (Distributed.rank, Distributed.size))
            let call = epochs - initialEpoch > 1 ? "fit (epoch \(epoch + 1))" : "fit"
            var seen = 0
            for step in 0..<steps {
                let stepLogs = try dataParallelStep(&batches, step: step, call: call, plan: plan, callbacks: allCallbacks)
                seen += stepLogs.samples
                // A rank without logs of its own (no samples yet, or failed after the exchange) sends the
                // keys it knows, with weight 0, so that every rank's buffer has the same length.
                if !stepLogs.logs.isEmpty { localLogs = stepLogs.logs }
                if localLogs.isEmpty {
                    localLogs = knownKeys.isEmpty ? plan.logs() : Dictionary(uniqueKeysWithValues: knownKeys.map { ($0, 0) })
                }
                let weight = stepLogs.logs.isEmpty && (stepLogs.samples > 0 || seen == 0) ? 0 : Float(seen)
                logs = try DataParallel.averagedLogs(localLogs, samples: weight)
                knownKeys = logs.keys.sorted()
                progress.update(step + 1, values: plan.ordered(logs), finalize: false)
                try Self.orAbort { try allCallbacks.forEach { try $0.onBatchEnd(step, logs: logs) } }
                if stopTraining { break }
            }
            var epochLogs = plan.ordered(logs)
            if let validationData {   // sharded over the ranks and averaged (Model+DataParallelEvaluate.swift)
                let validationLogs = try evaluateLogs(validationData, plan: plan, call: "fit (validationData)")
                epochLogs += validationLogs.map { ("val_" + $0.0, $0.1) }
            }
            progress.update(steps, values: epochLogs, finalize: true)
            var logDictionary = Dictionary(epochLogs, uniquingKeysWith: { $1 })
            do {
                try allCallbacks.forEach { try $0.addEpochLogs(epoch, logs: &logDictionary) }
                try allCallbacks.forEach { try $0.onEpochEnd(epoch, logs: logDictionary) }
            } catch { DataParallel.localError = error }
            // Every rank stops when one does (a callback's error, or a stop decided from rank-local state).
            stopTraining = try DataParallel.any(stopTraining)
            lastEpochLogs = logDictionary
            epoch += 1
        }
        try allCallbacks.forEach { try $0.onTrainEnd(logs: lastEpochLogs) }
        return history
    }

    /// One step on this rank's run of the next global batch: its samples and the step's logs
    /// (empty when it has no samples: it still takes part in the gradient exchange, with weight 0).
    /// - Throws: the shared error when a rank failed in this step (this rank's own error included).
    private func dataParallelStep(_ batches: inout Dataset.Iterator, step: Int, call: String, plan: TrainingPlan,
                                  callbacks: [Callback]) throws -> (samples: Int, logs: [String: Float]) {
        DataParallel.exchangedGradients = false
        var samples = 0
        var logs: [String: Float] = [:]
        do {
            try callbacks.forEach { try $0.onBatchBegin(step, logs: [:]) }
            guard let batch = try nextBatch(&batches, step: step, call: call) else {
                throw DLError.invalidArgument(context: "model '\(name)'.\(call)", message: "the data set ended before "
                    + "its \(step + 1)th batch. Received: a data set whose passes differ in length")
            }
            samples = batch.x.first?.shape.first ?? 0
            DataParallel.stepSamples = Float(samples)
            if samples > 0 {
                try validate(batch, step: step, plan: plan, call: "fit")
                logs = try trainStep(x: batch.x, y: batch.y)
            } else {
                contributeNothing(plan)
            }
        } catch {
            DataParallel.localError = error
            // A rank that failed before the exchange joins it, carrying the failure.
            if !DataParallel.exchangedGradients { contributeNothing(plan) }
        }
        if DataParallel.sharedError != nil { throw DataParallel.fail() }
        return (samples, logs)
    }

    /// Takes part in this step's gradient exchange without samples (weight 0).
    private func contributeNothing(_ plan: TrainingPlan) {
        DataParallel.stepSamples = 0
        let variables = trainableWeights
        plan.optimizer.apply(gradients: variables.map { Tensor.zeros($0.shape) }, to: variables)
    }

    /// Whether `callback` writes files, and so runs on rank 0 only.
    private static func writesFiles(_ callback: Callback) -> Bool {
        callback is CSVLogger || callback is ModelCheckpoint || callback is TensorBoard
    }

    /// Runs `body`; its error ends every rank (the others wait in an exchange this rank would not join).
    private static func orAbort(_ body: () throws -> Void) rethrows {
        do { try body() } catch { Distributed.abort("fit: a callback failed: \(error)") }
    }
}
