import DLCore
import DLData

extension Model {
    /// `evaluateLogs` with more than one rank: every rank evaluates its run of each batch (as `fit`
    /// splits them), and the logs are averaged over the ranks weighted by their samples, so that
    /// mean losses and mean metrics (accuracy) equal one process's; a metric that is not a mean
    /// (AUC, precision) becomes the weighted mean of the ranks' values. One exchange at the end,
    /// which carries a rank's error to every rank. The progress bar shows on rank 0 only.
    func evaluateLogsDataParallel(_ dataset: Dataset, plan: TrainingPlan, call: String, verbose: Int) throws -> [(String, Float)] {
        let steps = dataset.batchCount
        resetMetrics()
        let progress = ProgressBar(target: steps, verbose: Distributed.isChief ? verbose : 0)
        var logs: [String: Float] = [:]
        var seen = 0
        do {
            var batches = dataset.makeIterator(order: nil, shard: (Distributed.rank, Distributed.size))
            var step = 0
            while let batch = try nextBatch(&batches, step: step, call: call) {
                if let rows = batch.x.first?.shape.first, rows > 0 {
                    try validate(batch, step: step, plan: plan, call: call)
                    logs = try testStep(x: batch.x, y: batch.y)
                    seen += rows
                }
                progress.update(step + 1, values: plan.ordered(logs), finalize: false)
                step += 1
            }
        } catch {
            DataParallel.localError = error
        }
        if logs.isEmpty { logs = plan.logs() }   // the keys, for a rank without samples (weight 0)
        logs = try DataParallel.averagedLogs(logs, samples: Float(seen))
        progress.update(steps, values: plan.ordered(logs), finalize: true)
        return plan.ordered(logs)
    }

    /// `predictOutputs` with more than one rank: every rank predicts its run of each batch, then
    /// each rank's rows are broadcast in turn and every rank puts them back in the data set's order.
    /// - Throws: a rank's error (a batch that fails or does not fit), on every rank.
    func predictionsDataParallel(for dataset: Dataset, call: String) throws -> [Tensor] {
        let ranks = Distributed.size, rank = Distributed.rank
        // Rows of batch `b` held by rank `r`, as `Dataset.makeIterator(order:shard:)` splits them.
        let share = { (b: Int, r: Int) -> Int in
            let size = Swift.min(dataset.count, (b + 1) * dataset.batchSize) - b * dataset.batchSize
            return size / ranks + (r < size % ranks ? 1 : 0)
        }
        let outputs = outputShapes
        var local: [[Float]] = Array(repeating: [], count: outputs.count)
        do {
            try withoutGradients {
                var batches = dataset.makeIterator(order: nil, shard: (rank, ranks))
                var step = 0
                while let batch = try nextBatch(&batches, step: step, call: call) {
                    let rows = batch.x.first?.shape.first ?? 0
                    guard rows == share(step, rank) else {
                        throw DLError.invalidArgument(context: "model '\(name)'.\(call)", message: "batch \(step) of rank "
                            + "\(rank) holds \(rows) samples instead of \(share(step, rank)); predict needs maps that keep "
                            + "each batch's size. Received: a map that changed it")
                    }
                    if rows > 0 {
                        try validate(batch, step: step, plan: nil, call: call)
                        for (index, output) in forward(batch.x, training: false).enumerated() { local[index] += output.scalars }
                    }
                    step += 1
                }
            }
        } catch {
            DataParallel.localError = error
        }
        _ = try DataParallel.any(false)   // every rank throws a rank's error here
        let batches = dataset.batchCount
        return outputs.enumerated().map { index, shape in
            let rowSize = shape.reduce(1, *)
            let gathered = (0..<ranks).map { r in
                let rows = (0..<batches).reduce(0) { $0 + share($1, r) }
                return Distributed.broadcast(r == rank ? local[index] : [Float](repeating: 0, count: rows * rowSize), root: r)
            }
            var offsets = [Int](repeating: 0, count: ranks)
            var result: [Float] = []
            result.reserveCapacity(dataset.count * rowSize)
            for b in 0..<batches {
                for r in 0..<ranks {
                    let count = share(b, r) * rowSize
                    result += gathered[r][offsets[r]..<(offsets[r] + count)]
                    offsets[r] += count
                }
            }
            return Tensor(shape: [dataset.count] + shape, scalars: result)
        }
    }
}
