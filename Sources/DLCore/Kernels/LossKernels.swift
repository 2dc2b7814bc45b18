#if canImport(Glibc)
import Glibc
#endif

// Shapes: predictions [rows, classes] (or [rows, columns]) row-major; sparse labels [rows], one
// class id per row, stored as Float (truncated, as Keras casts them to int). A label outside
// 0..<classes makes its row's loss NaN and its gradient row 0.
//
// Forward and backward kernels are paired; the forward saves one scalar per row (log-sum-exp,
// or the row's sum) that its backward reads. Naive references: LossKernels+Reference.swift.

/// Fused loss kernels (sparse cross-entropy on logits or probabilities, row-wise mean squared
/// error) and their backward kernels.
package enum LossKernels {
    /// The class id `label` stands for (truncated towards zero), or nil when it is not finite or
    /// outside `0..<classes`.
    @inline(__always)
    package static func classIndex(_ label: Float, classes: Int) -> Int? {
        guard label.isFinite, label >= 0, label < Float(classes) else { return nil }
        return Int(label)
    }

    /// `loss[r] = logsumexp(x[r]) − x[r, label[r]]`, computed stably (the row's maximum first);
    /// `logSumExp[r]` keeps the row's log-sum-exp for the backward (0 on a NaN row).
    /// Shapes: logits `[rows, classes]`, labels `[rows]` → loss, logSumExp `[rows]`.
    package static func sparseSoftmaxCrossEntropyForward(_ logits: UnsafePointer<Float>, labels: UnsafePointer<Float>,
                                                        rows: Int, classes: Int, into loss: UnsafeMutablePointer<Float>,
                                                        logSumExp: UnsafeMutablePointer<Float>) {
        for r in 0..<rows {
            let row = logits + r * classes
            guard let label = classIndex(labels[r], classes: classes) else {
                loss[r] = .nan
                logSumExp[r] = 0
                continue
            }
            var maxValue = -Float.infinity
            for j in 0..<classes { maxValue = Swift.max(maxValue, row[j]) }
            var total: Float = 0
            for j in 0..<classes { total += expf(row[j] - maxValue) }
            let lse = maxValue + logf(total)
            logSumExp[r] = lse
            loss[r] = lse - row[label]
        }
    }

    /// `dx[r, j] = g[r] · (softmax(x[r])_j − [j == label[r]])`, 0 on rows with a bad label.
    /// Shapes: g, labels, logSumExp `[rows]`, logits `[rows, classes]` → dx `[rows, classes]`.
    package static func sparseSoftmaxCrossEntropyBackward(_ g: UnsafePointer<Float>, logits: UnsafePointer<Float>,
                                                         labels: UnsafePointer<Float>, logSumExp: UnsafePointer<Float>,
                                                         rows: Int, classes: Int, into dx: UnsafeMutablePointer<Float>) {
        for r in 0..<rows {
            let base = r * classes
            guard let label = classIndex(labels[r], classes: classes) else {
                for j in 0..<classes { dx[base + j] = 0 }
                continue
            }
            let gr = g[r]
            for j in 0..<classes { dx[base + j] = gr * expf(logits[base + j] - logSumExp[r]) }
            dx[base + label] -= gr
        }
    }

    /// `loss[r] = −log(clip(p[r, label] / Σ_j p[r, j], ε, 1 − ε))`: the row rescaled to sum to 1,
    /// the label's probability clipped (Keras's JAX and PyTorch backends); `rowSums[r]` keeps the
    /// row's sum for the backward (0 on a NaN row). Shapes: probabilities `[rows, classes]`,
    /// labels `[rows]` → loss, rowSums `[rows]`.
    package static func sparseCrossEntropyForward(_ probabilities: UnsafePointer<Float>, labels: UnsafePointer<Float>,
                                                 rows: Int, classes: Int, epsilon: Float,
                                                 into loss: UnsafeMutablePointer<Float>, rowSums: UnsafeMutablePointer<Float>) {
        for r in 0..<rows {
            let row = probabilities + r * classes
            guard let label = classIndex(labels[r], classes: classes) else {
                loss[r] = .nan
                rowSums[r] = 0
                continue
            }
            var total: Float = 0
            for j in 0..<classes { total += row[j] }
            rowSums[r] = total
            let q = Swift.min(Swift.max(row[label] / total, epsilon), 1 - epsilon)
            loss[r] = -logf(q)
        }
    }

    /// With S the row's sum and q = p[label] / S: `dp[r, j] = g[r] · (1/S − [j == label] / p[label])`
    /// where q lies inside `[ε, 1 − ε]`, 0 where it is clipped and on rows with a bad label.
    /// Shapes: g, labels, rowSums `[rows]`, probabilities `[rows, classes]` → dp `[rows, classes]`.
    package static func sparseCrossEntropyBackward(_ g: UnsafePointer<Float>, probabilities: UnsafePointer<Float>,
                                                  labels: UnsafePointer<Float>, rowSums: UnsafePointer<Float>,
                                                  rows: Int, classes: Int, epsilon: Float,
                                                  into dp: UnsafeMutablePointer<Float>) {
        for r in 0..<rows {
            let base = r * classes
            guard let label = classIndex(labels[r], classes: classes) else {
                for j in 0..<classes { dp[base + j] = 0 }
                continue
            }
            let gr = g[r]
            let total = rowSums[r], py = probabilities[base + label]
            let q = py / total
            let inside = q >= epsilon && q <= 1 - epsilon
            for j in 0..<classes { dp[base + j] = inside ? gr / total : 0 }
            if inside { dp[base + label] -= gr / py }
        }
    }

    /// `out[r] = Σ_j (p[r, j] − t[r, j])² / columns`, rows split over the workers (each row's sum is
    /// the same on any split). Each row is summed in 16 lanes (lane l takes the columns j ≡ l mod 16
    /// of the whole vectors, left to right), the lanes added, then the remaining columns left to
    /// right: a single left-to-right chain waited on each addition (the autoencoder workload's
    /// [128, 784] loss took 7% of its training step that way). Shapes: t, p `[rows, columns]` → out `[rows]`.
    package static func rowMeanSquaredErrorForward(_ t: UnsafePointer<Float>, _ p: UnsafePointer<Float>,
                                                  rows: Int, columns: Int, into out: UnsafeMutablePointer<Float>) {
        Parallel.forRowBands(rows: rows, columns: columns) { first, last in
            for r in first..<last {
                let (pr, tr) = (p + r * columns, t + r * columns)
                var lanes = SIMD16<Float>()
                var j = 0
                while j + 16 <= columns {
                    let d = UnsafeRawPointer(pr + j).loadUnaligned(as: SIMD16<Float>.self)
                        - UnsafeRawPointer(tr + j).loadUnaligned(as: SIMD16<Float>.self)
                    lanes += d * d
                    j += 16
                }
                var total = lanes.sum()
                for j in j..<columns {
                    let d = pr[j] - tr[j]
                    total += d * d
                }
                out[r] = total / Float(columns)
            }
        }
    }

    /// `dp[r, j] = (2 · g[r] / columns) · (p[r, j] − t[r, j])` (and dt = −dp).
    /// Shapes: g `[rows]`, t, p `[rows, columns]` → dp `[rows, columns]`.
    package static func rowMeanSquaredErrorBackward(_ g: UnsafePointer<Float>, _ t: UnsafePointer<Float>, _ p: UnsafePointer<Float>,
                                                   rows: Int, columns: Int, into dp: UnsafeMutablePointer<Float>) {
        Parallel.forRowBands(rows: rows, columns: columns) { first, last in
            for r in first..<last {
                let base = r * columns, scale = 2 * g[r] / Float(columns)
                for j in 0..<columns { dp[base + j] = scale * (p[base + j] - t[base + j]) }
            }
        }
    }
}
