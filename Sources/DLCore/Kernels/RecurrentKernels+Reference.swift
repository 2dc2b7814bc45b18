// The naive references of the recurrent kernels: Keras's cell formulas sample by sample, step by
// step, with plain loops (no GEMM, no time-major layout), for tests of the fused kernels.

extension RecurrentKernels {
    /// The states after each step of a naive recurrence, batch-major: `hidden` `[batch, steps, u]`
    /// (in processing order) and, for LSTM, the last cell state `[batch, u]`.
    package struct ReferenceResult {
        package var hidden: [Float]
        package var lastCell: [Float]
    }

    /// `Σ_k v[k] · m[k, column]` for a row-major `m` with `columns` columns.
    private static func dot(_ v: [Float], _ m: [Float], column: Int, columns: Int) -> Float {
        var sum: Float = 0
        for k in 0..<v.count { sum += v[k] * m[k * columns + column] }
        return sum
    }

    /// Runs `step(x_t, h, c) → (h, c)` over every sample and step of `x` (`[batch, steps, features]`).
    private static func referenceRun(_ x: [Float], _ size: Dimensions, reversed: Bool,
                                     _ step: ([Float], [Float], [Float]) -> ([Float], [Float])) -> ReferenceResult {
        var result = ReferenceResult(hidden: [], lastCell: [])
        for b in 0..<size.batch {
            var h = [Float](repeating: 0, count: size.units), c = h
            for t in 0..<size.steps {
                let source = reversed ? size.steps - 1 - t : t
                let start = (b * size.steps + source) * size.features
                (h, c) = step(Array(x[start..<(start + size.features)]), h, c)
                result.hidden += h
            }
            result.lastCell += c
        }
        return result
    }

    /// Keras's `SimpleRNNCell`, naively.
    package static func referenceSimpleRNN(_ x: [Float], kernel: [Float], recurrentKernel: [Float], bias: [Float]?,
                                           size: Dimensions, activation: CellActivation, reversed: Bool) -> ReferenceResult {
        let u = size.units
        return referenceRun(x, size, reversed: reversed) { xt, h, c in
            let next = (0..<u).map { j in
                activation.apply(dot(xt, kernel, column: j, columns: u) + dot(h, recurrentKernel, column: j, columns: u) + (bias?[j] ?? 0))
            }
            return (next, c)
        }
    }

    /// Keras's `LSTMCell`, naively (gates i, f, c, o).
    package static func referenceLSTM(_ x: [Float], kernel: [Float], recurrentKernel: [Float], bias: [Float]?,
                                      size: Dimensions, activation: CellActivation, recurrentActivation: CellActivation,
                                      reversed: Bool) -> ReferenceResult {
        let u = size.units
        return referenceRun(x, size, reversed: reversed) { xt, h, c in
            func z(_ gate: Int, _ j: Int) -> Float {
                let column = gate * u + j
                return dot(xt, kernel, column: column, columns: 4 * u) + dot(h, recurrentKernel, column: column, columns: 4 * u)
                    + (bias?[column] ?? 0)
            }
            var newH = [Float](repeating: 0, count: u), newC = newH
            for j in 0..<u {
                let i = recurrentActivation.apply(z(0, j)), f = recurrentActivation.apply(z(1, j))
                let g = activation.apply(z(2, j)), o = recurrentActivation.apply(z(3, j))
                newC[j] = f * c[j] + i * g
                newH[j] = o * activation.apply(newC[j])
            }
            return (newH, newC)
        }
    }

    /// Keras 3's `GRUCell`, naively (gates z, r, h; `bias` `[2, 3u]` with `resetAfter`, else `[3u]`).
    package static func referenceGRU(_ x: [Float], kernel: [Float], recurrentKernel: [Float], bias: [Float]?,
                                     size: Dimensions, activation: CellActivation, recurrentActivation: CellActivation,
                                     resetAfter: Bool, reversed: Bool) -> ReferenceResult {
        let u = size.units, w = 3 * u
        return referenceRun(x, size, reversed: reversed) { xt, h, c in
            let xs = (0..<w).map { dot(xt, kernel, column: $0, columns: w) + (bias?[$0] ?? 0) }
            let rs = (0..<w).map { dot(h, recurrentKernel, column: $0, columns: w) + (resetAfter ? (bias?[w + $0] ?? 0) : 0) }
            let update = (0..<u).map { recurrentActivation.apply(xs[$0] + rs[$0]) }
            let reset = (0..<u).map { recurrentActivation.apply(xs[u + $0] + rs[u + $0]) }
            let resetH = (0..<u).map { reset[$0] * h[$0] }
            let candidate = (0..<u).map { j in
                activation.apply(xs[2 * u + j] + (resetAfter ? reset[j] * rs[2 * u + j]
                                                              : dot(resetH, recurrentKernel, column: 2 * u + j, columns: w)))
            }
            return ((0..<u).map { update[$0] * h[$0] + (1 - update[$0]) * candidate[$0] }, c)
        }
    }
}
