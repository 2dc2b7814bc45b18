// The fused dense op: GEMM, bias and activation in one output pass, with its pullback.

/// The fused dense op `activation(x · kernel + bias)`: `[n, in] · [in, out] + [out] → [n, out]`
/// (softmax over the last axis).
///
/// The forward pass is `DenseKernels.forward`: the bias is written into the output before the
/// GEMM accumulates into it, then the activation runs in place over the same buffer, chunk by
/// chunk across the cores when that pays: one allocation, no intermediate tensors. The pullback
/// turns the output's gradient into the pre-activation gradient from the output, then does the
/// two GEMMs and the bias column sums.
public func linear(_ x: Tensor, _ kernel: Tensor, _ bias: Tensor?, activation: FusedActivation = .identity) -> Tensor {
    check(x.rank == 2 && kernel.rank == 2 && x.shape[1] == kernel.shape[0],
          "linear: input \(x.shape) does not fit kernel \(kernel.shape)")
    let (n, k, m) = (x.shape[0], x.shape[1], kernel.shape[1])
    if let bias { check(bias.shape == [m], "linear: bias \(bias.shape) does not fit \(m) units") }
    let out = Tensor(shape: [n, m]) { c in
        guard let cp = c.baseAddress else { return }
        x.withUnsafeBufferPointer { xp in
            kernel.withUnsafeBufferPointer { kp in
                // With no inputs (k = 0) x and the kernel are empty: the GEMM reads neither.
                let (xp, kp) = (xp.baseAddress ?? UnsafePointer(cp), kp.baseAddress ?? UnsafePointer(cp))
                bias.withUnsafeBufferPointer {
                    DenseKernels.forward(xp, kernel: kp, bias: $0?.baseAddress, rows: n, inputs: k, units: m,
                                         activation: activation, into: cp)
                }
            }
        }
    }
    guard isRecordingGradients else { return out }
    let (cx, ck) = (x.detached, kernel.detached)
    let inputs = bias.map { [x, kernel, $0] } ?? [x, kernel]
    // The first layer's input is a constant: its dx GEMM is skipped.
    let (needX, needKernel, needBias) = (x.isOnActiveTape, kernel.isOnActiveTape, bias?.isOnActiveTape ?? false)
    return recordOperation(inputs: inputs, output: out) { g in
        let dz = activation == .identity ? g : Tensor(shape: [n, m]) { dz in
            guard let dzp = dz.baseAddress else { return }
            g.withUnsafeBufferPointer { gp in
                out.withUnsafeBufferPointer { yp in
                    guard let gp = gp.baseAddress, let yp = yp.baseAddress else { return }
                    Parallel.forRowBands(rows: n, columns: m) { first, last in
                        let (offset, count) = (first * m, (last - first) * m)
                        let (g, y, d) = (gp + offset, yp + offset, dzp + offset)
                        switch activation {
                        case .identity: break
                        case .relu: ActivationKernels.reluBackward(g, y, into: d, count: count)
                        case .sigmoid: ActivationKernels.sigmoidBackward(g, y, into: d, count: count)
                        case .softmax: ActivationKernels.softmaxBackward(g, y, into: d, rows: last - first, columns: m)
                        }
                    }
                }
            }
        }
        let dx = needX ? matmul(dz, transposeA: false, ck, transposeB: true) : nil
        let dk = !needKernel ? nil : Tensor(shape: [k, m]) { dk in
            guard let dkp = dk.baseAddress else { return }
            cx.withUnsafeBufferPointer { xp in
                dz.withUnsafeBufferPointer { gp in
                    guard let xp = xp.baseAddress, let gp = gp.baseAddress else { return dkp.update(repeating: 0, count: k * m) }
                    DenseKernels.kernelGradient(xp, gp, rows: n, inputs: k, units: m, into: dkp)
                }
            }
        }
        return bias == nil ? [dx, dk] : [dx, dk, needBias ? dz.sum(axis: 0) : nil]
    }
}
