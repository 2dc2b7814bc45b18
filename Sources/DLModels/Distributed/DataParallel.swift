import DLCore

/// This process's part in data-parallel training (`Distributed.size > 1`): the all-reduces that
/// `BaseOptimizer.apply` and the data-parallel `fit` make, and the failure that travels with them.
///
/// Every exchange is one fused `MPI_Allreduce` (sum) of one `Float` buffer whose last two words
/// are this rank's sample count (the weight of its values) and its status (1 when it failed):
/// the gradients of a step, all trainable variables packed together, each multiplied by this
/// rank's sample count, then divided by the total, so that an uneven split averages as the whole
/// batch would; or the logs, weighted the same way. When a status word comes back non-zero, every
/// rank takes the lowest failing rank's error (`Distributed.sharedFailure`) and throws it.
enum DataParallel {
    /// This rank's samples in the current step (set by the data-parallel `fit` before each step);
    /// 1 outside `fit`, where ranks' gradients are averaged with equal weights.
    nonisolated(unsafe) static var stepSamples: Float = 1
    /// The error this rank raised, sent with its next exchange.
    nonisolated(unsafe) static var localError: Error?
    /// The error every rank shares after an exchange whose status said a rank failed, for `fit` to throw.
    nonisolated(unsafe) static var sharedError: DLError?
    /// Whether the current step's gradients were exchanged (`fit` resets it before each step).
    nonisolated(unsafe) static var exchangedGradients = false

    /// Whether exchanges happen: more than one rank.
    static var isActive: Bool { Distributed.size > 1 }

    /// The gradients of the trainable `variables` summed over the ranks, each rank's weighted by its
    /// `stepSamples`, divided by the total samples; `nil` when a rank failed (then `sharedError` is
    /// set and nothing should be updated). `gradients` nil contributes nothing (a rank with no samples
    /// in this step, or one that failed before its step's exchange). Non-trainable variables keep theirs.
    static func averagedGradients(_ gradients: [Tensor]?, for variables: [Variable]) -> [Tensor]? {
        exchangedGradients = true
        let trainable = variables.indices.filter { variables[$0].trainable }
        let total = trainable.reduce(0) { $0 + variables[$1].storedValue.scalarCount }
        let weight = gradients == nil ? 0 : stepSamples
        var buffer = [Float](repeating: 0, count: total + 2)
        buffer.withUnsafeMutableBufferPointer { b in
            var offset = 0
            for index in trainable {
                let count = variables[index].storedValue.scalarCount
                if let gradients, weight != 0 {
                    gradients[index].withUnsafeBufferPointer { g in
                        for i in 0..<Swift.min(count, g.count) { b[offset + i] = g[i] * weight }
                    }
                }
                offset += count
            }
            b[total] = weight
            b[total + 1] = localError == nil ? 0 : 1
            Distributed.allReduceSum(b)
        }
        guard buffer[total + 1] == 0 else {
            sharedError = Distributed.sharedFailure(localError)
            return nil
        }
        let scale = 1 / buffer[total]
        var result = gradients ?? variables.map { Tensor.zeros($0.shape) }
        var offset = 0
        for index in trainable {
            let count = variables[index].storedValue.scalarCount
            result[index] = Tensor(shape: variables[index].shape) { out in
                buffer.withUnsafeBufferPointer { b in for i in 0..<count { out[i] = b[offset + i] * scale } }
            }
            offset += count
        }
        return result
    }

    /// `logs` averaged over the ranks, each rank's weighted by `samples` (the samples its running
    /// means cover; 0 contributes nothing); keys in sorted order, the same on every rank.
    /// - Throws: the shared error when a rank failed (this one when `localError` is set).
    static func averagedLogs(_ logs: [String: Float], samples: Float) throws -> [String: Float] {
        let keys = logs.keys.sorted()
        var buffer = keys.map { samples == 0 ? 0 : logs[$0, default: 0] * samples }
        buffer += [samples, localError == nil ? 0 : 1]
        buffer = Distributed.allReduceSum(buffer)
        guard buffer[keys.count + 1] == 0 else { throw fail() }
        let total = buffer[keys.count]
        var result: [String: Float] = [:]
        for (index, key) in keys.enumerated() { result[key] = total > 0 ? buffer[index] / total : logs[key] }
        return result
    }

    /// Whether any rank's `flag` is set (an all-reduce that also carries the status word).
    /// - Throws: the shared error when a rank failed.
    static func any(_ flag: Bool) throws -> Bool {
        let buffer = Distributed.allReduceSum([flag ? 1 : 0, localError == nil ? 0 : 1])
        guard buffer[1] == 0 else { throw fail() }
        return buffer[0] > 0
    }

    /// The shared error after a failed exchange, cleared for the next run.
    static func fail() -> DLError {
        let error = sharedError ?? Distributed.sharedFailure(localError)
        reset()
        return error
    }

    /// Forgets the state of a previous step or run.
    static func reset() {
        localError = nil
        sharedError = nil
        exchangedGradients = false
    }
}
