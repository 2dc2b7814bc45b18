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

    /// `gruBackward` with the gate gradients taken scalar by scalar (each activation's derivative
    /// through `derivative(output:)`): the reference of the fused gate pass, which gives the same
    /// floats in the same order.
    package static func referenceGRUBackward(_ trace: GRUTrace, dHidden: UnsafePointer<Float>, kernel: UnsafePointer<Float>,
                                    recurrentKernel: UnsafePointer<Float>, activation: CellActivation,
                                    recurrentActivation: CellActivation, needInput: Bool,
                                    mask: UnsafePointer<Float>? = nil, reversed: Bool = false) -> CellGradients {
        let size = trace.size, resetAfter = trace.resetAfter
        let (batch, u) = (size.batch, size.units)
        let width = 3 * u
        let dx = Buffer(zeroed: size.rows * width)                      // d(x_z, x_r, x_h) every step
        let dr = resetAfter ? Buffer(zeroed: size.rows * width) : dx   // d(r_z, r_r, r_h) every step
        let dh = Buffer(zeroed: batch * u), dInner = Buffer(zeroed: batch * u)
        for t in stride(from: size.steps - 1, through: 0, by: -1) {
            let gates = trace.gates.pointer + t * batch * width, inner = trace.inner.pointer + t * batch * u
            let hPrevious = trace.hidden.pointer + t * batch * u, dht = dHidden + t * batch * u
            let dxt = dx.pointer + t * batch * width, drt = dr.pointer + t * batch * width
            for b in 0..<batch {
                let gb = gates + b * width, ib = inner + b * u, hp = hPrevious + b * u
                let dxb = dxt + b * width, drb = drt + b * width, dhb = dh.pointer + b * u
                if size.isMasked(mask, batch: b, step: t, reversed: reversed) {
                    // A padded step: no gate gradient; dh goes on to h_{t−1} whole (the GEMMs add zeros).
                    for j in 0..<u { dhb[j] += dht[b * u + j] }
                    dxb.update(repeating: 0, count: width)
                    if resetAfter { drb.update(repeating: 0, count: width) }
                    continue
                }
                for j in 0..<u {
                    let (update, reset, candidate) = (gb[j], gb[u + j], gb[2 * u + j])
                    let d = dht[b * u + j] + dhb[j]
                    let dCandidate = d * (1 - update) * activation.derivative(output: candidate)
                    dxb[j] = d * (hp[j] - candidate) * recurrentActivation.derivative(output: update)
                    dxb[2 * u + j] = dCandidate
                    dhb[j] = d * update   // the direct path; the GEMMs below add the others
                    if resetAfter {
                        drb[j] = dxb[j]
                        dxb[u + j] = dCandidate * ib[j] * recurrentActivation.derivative(output: reset)
                        drb[u + j] = dxb[u + j]
                        drb[2 * u + j] = dCandidate * reset
                    }
                }
            }
            if resetAfter {
                GEMM.multiply(drt, transposeA: false, recurrentKernel, transposeB: true, into: dh.pointer,
                              m: batch, n: u, k: width, beta: 1)
            } else {
                // d(r ⊙ h_{t−1}) = dĥ_pre · U_hᵀ, then dr and the reset path into dh.
                GEMM.multiply(dxt + 2 * u, transposeA: false, recurrentKernel + 2 * u, transposeB: true,
                              into: dInner.pointer, m: batch, n: u, k: u, lda: width, ldb: width)
                for b in 0..<batch {
                    let gb = gates + b * width, hp = hPrevious + b * u, dxb = dxt + b * width
                    let di = dInner.pointer + b * u, dhb = dh.pointer + b * u
                    for j in 0..<u {
                        let reset = gb[u + j]
                        dxb[u + j] = di[j] * hp[j] * recurrentActivation.derivative(output: reset)
                        dhb[j] += di[j] * reset
                    }
                }
                GEMM.multiply(dxt, transposeA: false, recurrentKernel, transposeB: true, into: dh.pointer,
                              m: batch, n: u, k: 2 * u, lda: width, ldb: width, beta: 1)
            }
        }
        var gradients = CellGradients(x: nil, kernel: Buffer(zeroed: size.features * width),
                                      recurrentKernel: Buffer(zeroed: u * width),
                                      bias: Buffer(zeroed: resetAfter ? 2 * width : width))
        weightGradient(trace.x.pointer, dx.pointer, rows: size.rows, features: size.features, width: width,
                       into: gradients.kernel.pointer)
        addColumnSums(dx.pointer, rows: size.rows, width: width, into: gradients.bias.pointer)
        if resetAfter {
            weightGradient(trace.hidden.pointer, dr.pointer, rows: size.rows, features: u, width: width,
                           into: gradients.recurrentKernel.pointer)
            addColumnSums(dr.pointer, rows: size.rows, width: width, into: gradients.bias.pointer + width)
        } else {
            // U_z, U_r see h_{t−1}; U_h sees r ⊙ h_{t−1}: two GEMMs into column blocks of U's gradient.
            let zr = Buffer(zeroed: u * 2 * u), candidate = Buffer(zeroed: u * u)
            weightGradient(trace.hidden.pointer, dx.pointer, rows: size.rows, features: u, width: 2 * u, ldz: width,
                           into: zr.pointer)
            weightGradient(trace.inner.pointer, dx.pointer + 2 * u, rows: size.rows, features: u, width: u, ldz: width,
                           into: candidate.pointer)
            for i in 0..<u {
                (gradients.recurrentKernel.pointer + i * width).update(from: zr.pointer + i * 2 * u, count: 2 * u)
                (gradients.recurrentKernel.pointer + i * width + 2 * u).update(from: candidate.pointer + i * u, count: u)
            }
        }
        if needInput {
            let dInput = Buffer(zeroed: size.rows * size.features)
            inputGradient(dx.pointer, kernel: kernel, rows: size.rows, features: size.features, width: width,
                          into: dInput.pointer)
            gradients.x = dInput
        }
        return gradients
    }
}
