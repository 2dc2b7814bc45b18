// LSTM inference: the forward pass of `lstmForward` without what only the backward pass reads.
// The hidden states go straight into the output, the cell state is updated in place in one
// `[batch, u]` buffer and act(c) is not kept: no `LSTMTrace` (at batch 256, 28 steps, 128 units
// that trace held 15 MB of activated gates and 7 MB of states besides). The first step's product
// `h_0 · U` is left out (h_0 = 0).
//
// With AVX-512 and 4 rows or more (`directSteps`; fewer go to sgemv, faster at
// 1 row: 0.083 against 0.104 ms a 28-step sequence) the products run on CKernels' direct kernel
// (`directProduct`: 1.5× OpenBLAS's Haswell sgemm on [128, 128] · [128, 512], no packing), each
// band of batch rows through every step on a worker of its own (its outputs do not depend on the
// rows a call holds), the input projection step by step too, into one `[rows, 4u]` buffer that
// stays in cache (no time-major copy, no `[steps · batch, 4u]` projection). Their last bits
// differ from the training forward pass's (whose input projection runs on OpenBLAS), within a
// few ulp. Otherwise the steps run as in training (`recur`), and the values are the training
// forward pass's bit for bit but for the sign of zeros where the first step's pre-activation was
// −0 (0 + (−0) is +0).

extension RecurrentKernels {
    /// The LSTM forward pass over every step of `x` (`[batch, steps, features]`, batch-major) from
    /// zero states, written to `out` `[batch, steps + 1, u]`: steps `0..<steps` the hidden states in
    /// processing order, step `steps` the last cell state (as `lstmSequence`'s output). `reversed`
    /// and `mask` as in `lstmForward`. Shapes: kernel `[features, 4u]`, recurrentKernel `[u, 4u]`, bias `[4u]`.
    package static func lstmInference(_ x: UnsafePointer<Float>, kernel: UnsafePointer<Float>,
                                      recurrentKernel: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                                      size: Dimensions, activation: CellActivation, recurrentActivation: CellActivation,
                                      reversed: Bool, mask: UnsafePointer<Float>? = nil, into out: UnsafeMutablePointer<Float>) {
        let (batch, steps, u) = (size.batch, size.steps, size.units)
        let width = 4 * u, outStride = (steps + 1) * u
        let cell = Buffer(zeroed: batch * u)
        if steps > 0 && directSteps(batch: batch) {
            let bands = directBands(batch: batch, work: batch * width * u * steps)
            Parallel.run(bands.count) { band in
                let (first, end) = (bands[band].lowerBound, bands[band].upperBound)
                lstmInferenceBand(x + first * steps * size.features, kernel: kernel, recurrentKernel: recurrentKernel, bias: bias,
                                  size: Dimensions(batch: end - first, steps: steps, features: size.features, units: u),
                                  activation: activation, recurrentActivation: recurrentActivation, reversed: reversed,
                                  mask: mask.map { $0 + first * steps }, cell: cell.pointer + first * u, into: out + first * outStride)
            }
        } else if steps > 0 {
            let timeMajor = Buffer(uninitialized: size.rows * size.features), gates = Buffer(uninitialized: size.rows * width)
            toTimeMajor(x, batch: batch, steps: steps, width: size.features, reversed: reversed, into: timeMajor.pointer)
            project(timeMajor.pointer, kernel: kernel, bias: bias, rows: size.rows, features: size.features, width: width,
                    into: gates.pointer)
            recur(steps: 0..<steps, batch: batch, n: width, k: u, units: u, gatesFirst: false) { t, rows, how in
                guard t > 0 else { return }
                stepProduct(out + (t - 1) * u, lda: outStride, recurrentKernel, transposeB: false,
                            into: gates.pointer + t * batch * width, rows: rows, n: width, k: u, beta: 1, how: how)
            } gates: { t, rows in
                let step = LSTMForwardStep(gates: gates.pointer + t * batch * width, gateStride: width,
                                           previousCell: t == 0 ? nil : UnsafePointer(cell.pointer), cell: cell.pointer,
                                           activatedCell: nil, hidden: out + t * u, hiddenStride: outStride, units: u,
                                           activation: activation, recurrentActivation: recurrentActivation)
                lstmForwardMasked(step, rows: rows, mask: mask, size: size, step: t, reversed: reversed,
                                  hiddenBefore: t == 0 ? nil : UnsafePointer(out + (t - 1) * u))
            }
        }
        for b in 0..<batch { (out + b * outStride + steps * u).update(from: cell.pointer + b * u, count: u) }
    }

    /// `lstmInference`'s steps for the rows of `size` (a band; `x`, `mask`, `cell` and `out` at its first
    /// row, `cell` zeros) with the direct products: each step's pre-activations `bias + x_t · W + h_{t−1} · U`
    /// in one `[rows, 4u]` buffer, x_t read in place (rows `steps · features` apart), then its gate pass.
    private static func lstmInferenceBand(_ x: UnsafePointer<Float>, kernel: UnsafePointer<Float>,
                                          recurrentKernel: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                                          size: Dimensions, activation: CellActivation, recurrentActivation: CellActivation,
                                          reversed: Bool, mask: UnsafePointer<Float>?, cell: UnsafeMutablePointer<Float>,
                                          into out: UnsafeMutablePointer<Float>) {
        let (rows, steps, features, u) = (size.batch, size.steps, size.features, size.units)
        let width = 4 * u, outStride = (steps + 1) * u
        let z = Buffer(uninitialized: rows * width)
        for t in 0..<steps {
            if let bias {
                for r in 0..<rows { (z.pointer + r * width).update(from: bias, count: width) }
            } else {
                z.pointer.update(repeating: 0, count: rows * width)
            }
            directProduct(x + (reversed ? steps - 1 - t : t) * features, lda: steps * features, kernel, into: z.pointer,
                          rows: rows, n: width, k: features)
            if t > 0 {
                directProduct(out + (t - 1) * u, lda: outStride, recurrentKernel, into: z.pointer, rows: rows, n: width, k: u)
            }
            let step = LSTMForwardStep(gates: z.pointer, gateStride: width, previousCell: t == 0 ? nil : UnsafePointer(cell),
                                       cell: cell, activatedCell: nil, hidden: out + t * u, hiddenStride: outStride, units: u,
                                       activation: activation, recurrentActivation: recurrentActivation)
            lstmForwardMasked(step, rows: 0..<rows, mask: mask, size: size, step: t, reversed: reversed,
                              hiddenBefore: t == 0 ? nil : UnsafePointer(out + (t - 1) * u))
        }
    }
}
