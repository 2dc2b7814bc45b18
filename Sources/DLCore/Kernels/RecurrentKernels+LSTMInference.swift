// LSTM inference: the forward pass of `lstmForward` without what only the backward pass reads.
// The hidden states go straight into the output, the cell state is updated in place in one
// `[batch, u]` buffer and act(c) is not kept: no `LSTMTrace` (at batch 256, 28 steps, 128 units
// that trace held 15 MB of activated gates and 7 MB of states besides). The first step's product
// `h_0 · U` is left out (h_0 = 0).
//
// With AVX-512 and 4 rows or more (`directSteps`; fewer go to sgemv, faster at
// 1 row: 0.083 against 0.104 ms a 28-step sequence) the products run on CKernels' direct kernel
// (a 1×1 convolution: 1.5× OpenBLAS's Haswell sgemm on [128, 128] · [128, 512], no packing), each
// band of batch rows through every step on a worker of its own (its outputs do not depend on the
// rows a call holds). A step's input projection and recurrent product are one product
// `[x_t, h_{t−1}] · [W; U]` with the bias added as it is stored, into one `[rows, 4u]` buffer that
// stays in cache (no time-major copy, no `[steps · batch, 4u]` projection, no pass to set the bias
// and none to add the second product: lstm predict 38.0 → 39.5 k images/s on a Zen 4). Their last
// bits differ from the training forward pass's (whose input projection runs on OpenBLAS and which
// adds the bias first), within a few ulp. Otherwise the steps run as in training (`recur`), and the
// values are the training forward pass's bit for bit but for the sign of zeros where the first
// step's pre-activation was −0 (0 + (−0) is +0).

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
            // [W; U]: the rows of the input kernel, then those of the recurrent kernel.
            let stacked = Buffer(uninitialized: (size.features + u) * width)
            stacked.pointer.update(from: kernel, count: size.features * width)
            (stacked.pointer + size.features * width).update(from: recurrentKernel, count: u * width)
            Parallel.run(bands.count) { band in
                let (first, end) = (bands[band].lowerBound, bands[band].upperBound)
                lstmInferenceBand(x + first * steps * size.features, stackedKernels: stacked.pointer, bias: bias,
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
                                           activation: activation, recurrentActivation: recurrentActivation,
                                           storesGates: false)
                lstmForwardMasked(step, rows: rows, mask: mask, size: size, step: t, reversed: reversed,
                                  hiddenBefore: t == 0 ? nil : UnsafePointer(out + (t - 1) * u))
            }
        }
        for b in 0..<batch { (out + b * outStride + steps * u).update(from: cell.pointer + b * u, count: u) }
    }

    /// `lstmInference`'s steps for the rows of `size` (a band; `x`, `mask`, `cell` and `out` at its first
    /// row, `cell` zeros) with the direct products: each step's pre-activations `x_t · W + h_{t−1} · U + bias`
    /// in one product `[x_t, h_{t−1}] · [W; U]` (`stackedKernels`, `[features + u, 4u]`) into a `[rows, 4u]`
    /// buffer, the bias added as the kernel stores it (no pass over the buffer to set or to add), then its gate pass,
    /// which writes h_t into the next product's input columns itself and leaves the activated gates unstored.
    private static func lstmInferenceBand(_ x: UnsafePointer<Float>, stackedKernels: UnsafePointer<Float>,
                                          bias: UnsafePointer<Float>?, size: Dimensions, activation: CellActivation,
                                          recurrentActivation: CellActivation, reversed: Bool, mask: UnsafePointer<Float>?,
                                          cell: UnsafeMutablePointer<Float>, into out: UnsafeMutablePointer<Float>) {
        let (rows, steps, features, u) = (size.batch, size.steps, size.features, size.units)
        let width = 4 * u, outStride = (steps + 1) * u, inner = features + u
        let z = Buffer(uninitialized: rows * width), inputs = Buffer(uninitialized: rows * inner)
        for t in 0..<steps {
            let xt = x + (reversed ? steps - 1 - t : t) * features
            for r in 0..<rows { (inputs.pointer + r * inner).update(from: xt + r * steps * features, count: features) }
            // h_0 = 0: the first step's product is over the input's columns only.
            ConvolutionKernels.pointwiseProduct(inputs.pointer, pixels: rows, pixelStride: inner, channels: t == 0 ? features : inner,
                                                kernel: stackedKernels, filters: width, bias: bias, into: z.pointer)
            // h_t into the output and into the next step's input columns (the product has read h_{t−1});
            // the activated gates are not kept.
            let step = LSTMForwardStep(gates: z.pointer, gateStride: width, previousCell: t == 0 ? nil : UnsafePointer(cell),
                                       cell: cell, activatedCell: nil, hidden: out + t * u, hiddenStride: outStride,
                                       hiddenCopy: inputs.pointer + features, hiddenCopyStride: inner, units: u,
                                       activation: activation, recurrentActivation: recurrentActivation, storesGates: false)
            lstmForwardMasked(step, rows: 0..<rows, mask: mask, size: size, step: t, reversed: reversed,
                              hiddenBefore: t == 0 ? nil : UnsafePointer(out + (t - 1) * u))
        }
    }
}
