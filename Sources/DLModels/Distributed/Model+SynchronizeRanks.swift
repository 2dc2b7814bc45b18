import DLCore
import DLData

extension Model {
    /// Makes every rank start the data-parallel `fit` from rank 0's state: checks first that the
    /// ranks hold the same model (weight tensors, parameters, trainable ones) and data set (samples,
    /// batch size), then broadcasts rank 0's weights (trainable or not) and its optimizer's state
    /// (step count, slots), as Horovod's `broadcast_global_variables(0)` does.
    /// - Throws: `DLError.invalidArgument`, the same on every rank, when the ranks differ.
    func synchronizeRanks(dataset: Dataset, plan: TrainingPlan) throws {
        let variables = weights, trainable = trainableWeights
        let local = [variables.count, variables.reduce(0) { $0 + $1.storedValue.scalarCount }, trainable.count,
                     trainable.reduce(0) { $0 + $1.storedValue.scalarCount }, dataset.count, dataset.batchSize].map(Int64.init)
        let extremes = Distributed.allReduceMax(local + local.map { -$0 })
        let largest = extremes[..<local.count], smallest = extremes[local.count...].map { -$0 }
        let names = ["weight tensors", "parameters", "trainable weight tensors", "trainable parameters",
                     "data set samples", "batch size"]
        let differing = names.indices.filter { largest[largest.startIndex + $0] != smallest[$0] }
        guard differing.isEmpty else {
            let ranges = differing.map { "\(names[$0]) from \(smallest[$0]) to \(largest[largest.startIndex + $0])" }
            throw DLError.invalidArgument(context: "model '\(name)'.fit", message: "data-parallel training needs the same "
                + "model and data set size on every rank (\(Distributed.size) ranks). Received: "
                + ranges.joined(separator: ", "))
        }
        broadcastWeights(variables)
        if let optimizer = plan.optimizer as? BaseOptimizer { try broadcastState(of: optimizer, for: trainable) }
    }

    /// Rank 0's values of `variables` on every rank, in one broadcast.
    private func broadcastWeights(_ variables: [Variable]) {
        var packed: [Float] = []
        packed.reserveCapacity(variables.reduce(0) { $0 + $1.storedValue.scalarCount })
        for variable in variables { variable.storedValue.withUnsafeBufferPointer { packed += $0 } }
        packed = Distributed.broadcast(packed)
        var offset = 0
        for variable in variables {
            let count = variable.storedValue.scalarCount
            variable.updateScalarsInPlace { w in
                packed.withUnsafeBufferPointer { p in for i in 0..<count { w[i] = p[offset + i] } }
            }
            offset += count
        }
    }

    /// Rank 0's optimizer state (step count, slots, learning rate) on every rank: its shapes first,
    /// then its values. Nothing when rank 0's optimizer has not stepped yet.
    private func broadcastState(of optimizer: BaseOptimizer, for variables: [Variable]) throws {
        let state = Distributed.isChief ? optimizer.exportState(for: variables, paths: variables.map(\.name)) : nil
        var header: [Int64] = [Int64(state?.iterations ?? 0)]
        for value in state?.values ?? [] { header += [Int64(value.shape.count)] + value.shape.map(Int64.init) }
        let headerCount = Distributed.broadcast([Int64(header.count)])[0]
        header = Distributed.broadcast(Distributed.isChief ? header : [Int64](repeating: 0, count: Int(headerCount)))
        guard header[0] > 0 else { return }
        var shapes: [[Int]] = []
        var index = 1
        while index < header.count {
            let rank = Int(header[index])
            shapes.append(header[(index + 1)..<(index + 1 + rank)].map(Int.init))
            index += 1 + rank
        }
        var packed = state?.values.flatMap { $0.scalars } ?? [Float](repeating: 0, count: shapes.reduce(0) { $0 + $1.reduce(1, *) })
        packed = Distributed.broadcast(packed)
        if !Distributed.isChief {
            var offset = 0
            let values = shapes.map { shape in
                let count = shape.reduce(1, *)
                defer { offset += count }
                return Tensor(shape: shape, scalars: Array(packed[offset..<(offset + count)]))
            }
            do {
                try optimizer.importState(iterations: Int(header[0]), values: values, for: variables, includesLearningRate: true)
            } catch { DataParallel.localError = error }
        }
        _ = try DataParallel.any(false)   // a rank that could not take the state: every rank throws its error
    }
}
