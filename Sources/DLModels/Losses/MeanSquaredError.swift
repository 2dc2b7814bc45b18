/// Mean squared error (Keras `MeanSquaredError`): mean((yTrue − yPred)²) over the last axis.
///
/// Shapes: yTrue and yPred `[batch, ...]` (a `[batch]` side is matched to `[batch, 1]`) → `[batch]`.
public struct MeanSquaredError: Loss {
    /// Keras's name, `"mean_squared_error"`.
    public let name = "mean_squared_error"

    /// The mean squared error loss.
    public init() {}

    /// Per-sample mean of the squared differences: one fused op when labels and predictions
    /// have the same shape (one pass forward, one backward), the composed ops when they broadcast.
    public func perSampleLoss(yTrue: Tensor, yPred: Tensor) -> Tensor {
        let (t, p) = matchingRanks(yTrue, yPred)
        guard t.shape == p.shape, p.rank >= 1 else { return perSampleMean(square(p - t)) }
        return rowMeanSquaredError(t, p)
    }

    /// Labels must have the predictions' shape.
    public func validate(yTrueShape: [Int], yPredShape: [Int]) throws {
        try validateElementwise(loss: name, yTrueShape: yTrueShape, yPredShape: yPredShape)
    }
}

extension Loss where Self == MeanSquaredError {
    /// Mean squared error (Keras `"mean_squared_error"` / `"mse"`).
    public static var meanSquaredError: MeanSquaredError { MeanSquaredError() }
}

/// mean_j (p[r, j] − t[r, j])² for each row `r`: `[rows, ...]` twice → `[rows]`.
/// Pullback: dp = g[r] · 2(p − t) / columns, dt = −dp.
private func rowMeanSquaredError(_ t: Tensor, _ p: Tensor) -> Tensor {
    let rows = p.shape[0]
    let columns = rows == 0 ? 0 : p.scalarCount / rows
    let out = Tensor(shape: [rows]) { out in
        p.withUnsafeBufferPointer { pp in
            t.withUnsafeBufferPointer { tp in
                Parallel.forRowBands(rows: rows, columns: columns) { first, last in
                    for r in first..<last {
                        let base = r * columns
                        var total: Float = 0
                        for j in 0..<columns { let d = pp[base + j] - tp[base + j]; total += d * d }
                        out[r] = total / Float(columns)
                    }
                }
            }
        }
    }
    guard isRecordingGradients else { return out }
    let (needT, needP) = (t.isOnActiveTape, p.isOnActiveTape)
    let (ct, cp, shape) = (t.detached, p.detached, p.shape)
    return recordOperation(inputs: [t, p], output: out) { g in
        let dp = Tensor(shape: shape) { dp in
            g.withUnsafeBufferPointer { gp in
                cp.withUnsafeBufferPointer { pp in
                    ct.withUnsafeBufferPointer { tp in
                        Parallel.forRowBands(rows: rows, columns: columns) { first, last in
                            for r in first..<last {
                                let base = r * columns, scale = 2 * gp[r] / Float(columns)
                                for j in 0..<columns { dp[base + j] = scale * (pp[base + j] - tp[base + j]) }
                            }
                        }
                    }
                }
            }
        }
        return [needT ? -dp : nil, needP ? dp : nil]
    }
}

extension MeanSquaredError {
    /// Keras's `from_config` of `{"name": "mean_squared_error", "reduction": "sum_over_batch_size"}`.
    /// - Throws: `DLError.invalidArgument` for an unknown or ill-typed key, or another reduction.
    public static func fromConfig(_ config: LayerConfig) throws -> MeanSquaredError {
        try readingLoss(config, owner: "MeanSquaredError", defaultName: "mean_squared_error") { _ in MeanSquaredError() }
    }
}
