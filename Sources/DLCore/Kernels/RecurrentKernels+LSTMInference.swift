// LSTM inference: the forward pass of `lstmForward` without what only the backward pass reads.
// The input projection of every step is the same one GEMM; then the hidden states go straight into
// the output, the cell state is updated in place in one `[batch, u]` buffer and act(c) is not
// kept: no `LSTMTrace` (at batch 256, 28 steps, 128 units that trace held 15 MB of activated gates
// and 7 MB of states besides). The first step's product `h_0 · U` is left out (h_0 = 0).
//
// With AVX-512 (`directInferenceProducts`) the recurrent products run on CKernels' direct kernel
// (`directProduct`: 1.5× OpenBLAS's Haswell sgemm on [128, 128] · [128, 512], no packing), each
// band of batch rows through every step on a worker of its own: its outputs do not depend on the
// rows a call holds. Their last bits differ from OpenBLAS's (the training forward pass), within a
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
        if steps > 0 {
            let timeMajor = Buffer(uninitialized: size.rows * size.features), gates = Buffer(uninitialized: size.rows * width)
            toTimeMajor(x, batch: batch, steps: steps, width: size.features, reversed: reversed, into: timeMajor.pointer)
            project(timeMajor.pointer, kernel: kernel, bias: bias, rows: size.rows, features: size.features, width: width,
                    into: gates.pointer)
            func gatePass(_ t: Int, _ rows: Range<Int>) {
                let step = LSTMForwardStep(gates: gates.pointer + t * batch * width, gateStride: width,
                                           previousCell: t == 0 ? nil : UnsafePointer(cell.pointer), cell: cell.pointer,
                                           activatedCell: nil, hidden: out + t * u, hiddenStride: outStride, units: u,
                                           activation: activation, recurrentActivation: recurrentActivation)
                lstmForwardMasked(step, rows: rows, mask: mask, size: size, step: t, reversed: reversed,
                                  hiddenBefore: t == 0 ? nil : UnsafePointer(out + (t - 1) * u))
            }
            if directInferenceProducts {
                // Each band of rows through every step on a worker of its own.
                let bands = Swift.max(1, Swift.min(Parallel.workers, batch * width * u * steps / GEMM.minimumParallelWork,
                                                   batch / minimumBandRows))
                Parallel.forChunks(batch, chunkSize: (batch + bands - 1) / bands) { first, end in
                    for t in 0..<steps {
                        if t > 0 {
                            directProduct(out + first * outStride + (t - 1) * u, lda: outStride, recurrentKernel,
                                          into: gates.pointer + (t * batch + first) * width, rows: end - first, n: width, k: u)
                        }
                        gatePass(t, first..<end)
                    }
                }
            } else {
                recur(steps: 0..<steps, batch: batch, n: width, k: u, units: u, gatesFirst: false) { t, rows, banded in
                    guard t > 0 else { return }
                    stepProduct(out + (t - 1) * u, lda: outStride, recurrentKernel, transposeB: false,
                                into: gates.pointer + t * batch * width, rows: rows, n: width, k: u, beta: 1, banded: banded)
                } gates: { t, rows in
                    gatePass(t, rows)
                }
            }
        }
        for b in 0..<batch { (out + b * outStride + steps * u).update(from: cell.pointer + b * u, count: u) }
    }
}
