// Shapes: x [R, S] (R rows of one sample's S scalars each, the batch flattened), alpha [S] (the
// learned slopes already broadcast to one sample's shape).

/// Parametric ReLU kernels: `x` where `x > 0`, `alpha · x` otherwise, with a slope per position of
/// the sample. Split over rows (forward, dx) or over columns (dAlpha), so each output scalar is
/// summed by one worker in a fixed order: results do not depend on the workers.
package enum PReLUKernels {
    /// `out[r, j] = x[r, j] > 0 ? x[r, j] : alpha[j] · x[r, j]`. Shapes: x `[R, S]`, alpha `[S]` → out `[R, S]`.
    package static func forward(_ x: UnsafePointer<Float>, alpha: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>,
                               rows: Int, columns: Int) {
        Parallel.forRowBands(rows: rows, columns: columns) { first, end in
            for r in first..<end {
                let xr = x + r * columns, o = out + r * columns
                for j in 0..<columns { let v = xr[j]; o[j] = v > 0 ? v : alpha[j] * v }
            }
        }
    }

    /// `dx[r, j] = grad[r, j] · (x[r, j] > 0 ? 1 : alpha[j])`. Shapes: grad, x `[R, S]`, alpha `[S]` → dx `[R, S]`.
    package static func inputGradient(_ grad: UnsafePointer<Float>, x: UnsafePointer<Float>, alpha: UnsafePointer<Float>,
                                     into dx: UnsafeMutablePointer<Float>, rows: Int, columns: Int) {
        Parallel.forRowBands(rows: rows, columns: columns) { first, end in
            for r in first..<end {
                let base = r * columns
                for j in 0..<columns { let gv = grad[base + j]; dx[base + j] = x[base + j] > 0 ? gv : alpha[j] * gv }
            }
        }
    }

    /// `dAlpha[j] = Σ_r (x[r, j] > 0 ? 0 : grad[r, j] · x[r, j])`, summed down the rows in order.
    /// Shapes: grad, x `[R, S]` → dAlpha `[S]` (overwritten).
    package static func alphaGradient(_ grad: UnsafePointer<Float>, x: UnsafePointer<Float>, into dAlpha: UnsafeMutablePointer<Float>,
                                     rows: Int, columns: Int) {
        dAlpha.update(repeating: 0, count: columns)
        Parallel.forRanges(columns, minimumCount: Swift.max(2, Parallel.minimumParallelCount / Swift.max(rows, 1))) { first, end in
            for r in 0..<rows {
                let base = r * columns
                for j in first..<end { let v = x[base + j]; dAlpha[j] += v > 0 ? 0 : grad[base + j] * v }
            }
        }
    }
}
