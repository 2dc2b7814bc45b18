// The fused dense op: GEMM, bias and activation in one output pass, with its pullback.

/// An activation that `linear` applies in its output pass. Each one's derivative is a function
/// of the output alone, so the pullback keeps the output and nothing else.
public enum FusedActivation: Sendable {
    case identity, relu, sigmoid, softmax
}

/// The fused dense op `activation(x · kernel + bias)`: `[n, in] · [in, out] + [out] → [n, out]`
/// (softmax over the last axis).
///
/// The bias is written into the output before the GEMM accumulates into it, then the activation
/// runs in place over the same buffer: one allocation, no intermediate tensors. The pullback
/// turns the output's gradient into the pre-activation gradient from the output, then does the
/// two GEMMs and the bias column sums.
public func linear(_ x: Tensor, _ kernel: Tensor, _ bias: Tensor?, activation: FusedActivation = .identity) -> Tensor {
    precondition(x.rank == 2 && kernel.rank == 2 && x.shape[1] == kernel.shape[0],
                 "linear: input \(x.shape) does not fit kernel \(kernel.shape)")
    let (n, k, m) = (x.shape[0], x.shape[1], kernel.shape[1])
    if let bias { precondition(bias.shape == [m], "linear: bias \(bias.shape) does not fit \(m) units") }
    let out = Tensor(shape: [n, m]) { c in
        guard let cp = c.baseAddress else { return }
        if let bias {
            bias.withUnsafeBufferPointer { bp in for r in 0..<n { (cp + r * m).update(from: bp.baseAddress!, count: m) } }
        }
        x.withUnsafeBufferPointer { xp in
            kernel.withUnsafeBufferPointer { kp in
                GEMM.multiply(xp.baseAddress!, transposeA: false, kp.baseAddress!, transposeB: false,
                              into: cp, m: n, n: m, k: k, beta: bias == nil ? 0 : 1)
            }
        }
        forRowBands(rows: n, columns: m) { first, last in
            let band = cp + first * m, count = (last - first) * m
            switch activation {
            case .identity: break
            case .relu: ActivationKernels.reluForward(band, count: count)
            case .sigmoid: ActivationKernels.sigmoidForward(band, count: count)
            case .softmax: ActivationKernels.softmaxForward(band, rows: last - first, columns: m)
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
                    forRowBands(rows: n, columns: m) { first, last in
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
        let dk = needKernel ? matmul(cx, transposeA: true, dz, transposeB: false) : nil
        return bias == nil ? [dx, dk] : [dx, dk, needBias ? dz.sum(axis: 0) : nil]
    }
}

/// Calls `body(first, last)` over bands of whole rows of a `[rows, columns]` matrix, split across
/// the workers when the matrix is large (`Parallel.minimumParallelCount` scalars or more).
private func forRowBands(rows: Int, columns: Int, _ body: (Int, Int) -> Void) {
    Parallel.forRanges(rows, minimumCount: Swift.max(2, Parallel.minimumParallelCount / Swift.max(columns, 1)), body)
}
