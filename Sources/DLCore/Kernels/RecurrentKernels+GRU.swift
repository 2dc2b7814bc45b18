// GRU's fused forward and backward through time (Keras 3 `GRUCell`, gate order z, r, h):
//   x_z, x_r, x_h = x_t · W + b_in                      (b_in = bias[0] with reset_after, else bias)
//   resetAfter:  r_z, r_r, r_h = h_{t−1} · U + b_rec    (b_rec = bias[1])
//                z = σ(x_z + r_z), r = σ(x_r + r_r), ĥ = act(x_h + r ⊙ r_h)
//   else:        z = σ(x_z + h_{t−1} · U_z), r = σ(x_r + h_{t−1} · U_r), ĥ = act(x_h + (r ⊙ h_{t−1}) · U_h)
//   h_t = z ⊙ h_{t−1} + (1 − z) ⊙ ĥ
// Shapes: x [batch, steps, features]; W [features, 3u]; U [u, 3u]; bias [2, 3u] (resetAfter) or
// [3u]. See `RecurrentKernels` for the layout.

extension RecurrentKernels {
    /// What the GRU forward pass keeps for its backward pass (time-major, processing order).
    package final class GRUTrace {
        package let size: Dimensions
        package let resetAfter: Bool
        /// The input `[steps, batch, features]`.
        package let x: Buffer
        /// The activated gates `[steps, batch, 3u]` (z, r, ĥ).
        package let gates: Buffer
        /// resetAfter: `h_{t−1} · U_h + b_rec,h` `[steps, batch, u]`; else `r ⊙ h_{t−1}` `[steps, batch, u]`.
        package let inner: Buffer
        /// The hidden states `[steps + 1, batch, u]`, the first all zeros (the initial state).
        package let hidden: Buffer

        init(_ size: Dimensions, resetAfter: Bool) {
            self.size = size
            self.resetAfter = resetAfter
            x = Buffer(zeroed: size.rows * size.features)
            gates = Buffer(zeroed: size.rows * 3 * size.units)
            inner = Buffer(zeroed: size.rows * size.units)
            hidden = Buffer(zeroed: (size.steps + 1) * size.batch * size.units)
        }
    }

    /// The GRU forward pass over every step of `x` (`[batch, steps, features]`), from a zero state.
    package static func gruForward(_ x: UnsafePointer<Float>, kernel: UnsafePointer<Float>,
                                   recurrentKernel: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                                   size: Dimensions, activation: CellActivation, recurrentActivation: CellActivation,
                                   resetAfter: Bool, reversed: Bool, mask: UnsafePointer<Float>? = nil) -> GRUTrace {
        let trace = GRUTrace(size, resetAfter: resetAfter)
        let (batch, u) = (size.batch, size.units)
        let width = 3 * u
        toTimeMajor(x, batch: batch, steps: size.steps, width: size.features, reversed: reversed, into: trace.x.pointer)
        project(trace.x.pointer, kernel: kernel, bias: bias, rows: size.rows, features: size.features, width: width,
                into: trace.gates.pointer)
        let recurrent = Buffer(zeroed: batch * width)   // h_{t−1} · U (+ b_rec), one step
        for t in 0..<size.steps {
            let z = trace.gates.pointer + t * batch * width, inner = trace.inner.pointer + t * batch * u
            let hPrevious = trace.hidden.pointer + t * batch * u, h = hPrevious + batch * u
            let r = recurrent.pointer
            if resetAfter {
                if let bias {
                    for b in 0..<batch { (r + b * width).update(from: bias + width, count: width) }
                }
                GEMM.multiply(hPrevious, transposeA: false, recurrentKernel, transposeB: false, into: r,
                              m: batch, n: width, k: u, beta: bias == nil ? 0 : 1)
            } else {
                GEMM.multiply(hPrevious, transposeA: false, recurrentKernel, transposeB: false, into: r,
                              m: batch, n: 2 * u, k: u, ldb: width)
            }
            for b in 0..<batch {
                // z and r in place (one activation pass over both blocks), then ĥ's pre-activation.
                let zb = z + b * width, rb = r + (resetAfter ? b * width : b * 2 * u)
                let hp = hPrevious + b * u, ib = inner + b * u
                for j in 0..<(2 * u) { zb[j] += rb[j] }
                recurrentActivation.applyInPlace(zb, count: 2 * u)
                if resetAfter {
                    for j in 0..<u { ib[j] = rb[2 * u + j]; zb[2 * u + j] += zb[u + j] * ib[j] }
                    activation.applyInPlace(zb + 2 * u, count: u)
                } else {
                    for j in 0..<u { ib[j] = zb[u + j] * hp[j] }
                }
            }
            if !resetAfter {
                // (r ⊙ h_{t−1}) · U_h, then ĥ.
                GEMM.multiply(inner, transposeA: false, recurrentKernel + 2 * u, transposeB: false, into: r,
                              m: batch, n: u, k: u, ldb: width)
                for b in 0..<batch {
                    let zb = z + b * width, rb = r + b * u
                    for j in 0..<u { zb[2 * u + j] += rb[j] }
                    activation.applyInPlace(zb + 2 * u, count: u)
                }
            }
            for b in 0..<batch {
                let zb = z + b * width, hp = hPrevious + b * u, hb = h + b * u
                for j in 0..<u { hb[j] = zb[j] * hp[j] + (1 - zb[j]) * zb[2 * u + j] }
                if size.isMasked(mask, batch: b, step: t, reversed: reversed) { hb.update(from: hp, count: u) }   // padding keeps h
            }
        }
        return trace
    }

    /// Backward through time: `dHidden` is the gradient of every hidden state `[steps, batch, u]`
    /// (time-major, processing order). The bias gradient has the bias's shape (`[2, 3u]` or `[3u]`).
    package static func gruBackward(_ trace: GRUTrace, dHidden: UnsafePointer<Float>, kernel: UnsafePointer<Float>,
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
                // The gates in branch-free loops, each activation's derivative in one pass over its block:
                // dz = d ⊙ (h_{t−1} − ĥ) ⊙ σ′, dĥ_pre = d ⊙ (1 − z) ⊙ act′, and d ⊙ z straight on to h_{t−1}.
                let dhin = dht + b * u
                for j in 0..<u {
                    let d = dhin[j] + dhb[j]
                    dxb[j] = d * (hp[j] - gb[2 * u + j])
                    dxb[2 * u + j] = d * (1 - gb[j])
                    dhb[j] = d * gb[j]   // the direct path; the GEMMs below add the others
                }
                recurrentActivation.multiplyByDerivative(dxb, output: gb, count: u)
                activation.multiplyByDerivative(dxb + 2 * u, output: gb + 2 * u, count: u)
                if resetAfter {
                    // dr = dĥ_pre ⊙ (h_{t−1} · U_h + b_h) ⊙ σ′; the recurrent part's gradient: (dz, dr, dĥ_pre ⊙ r).
                    for j in 0..<u {
                        dxb[u + j] = dxb[2 * u + j] * ib[j]
                        drb[2 * u + j] = dxb[2 * u + j] * gb[u + j]
                    }
                    recurrentActivation.multiplyByDerivative(dxb + u, output: gb + u, count: u)
                    drb.update(from: dxb, count: 2 * u)
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
                        dxb[u + j] = di[j] * hp[j]
                        dhb[j] += di[j] * gb[u + j]
                    }
                    recurrentActivation.multiplyByDerivative(dxb + u, output: gb + u, count: u)
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
