// 2-D convolution as batched im2col + one GEMM, with its pullback (GEMMs + col2im) below.

/// 2-D convolution (cross-correlation, as in Keras) of an NHWC batch.
///
/// Shapes: x `[N, H, W, C]`, kernel `[KH, KW, C, F]` (Keras layout), bias `[F]` →
/// `[N, OH, OW, F]`, with `OH`, `OW` from `padding` (TensorFlow's rule, see `Padding`).
/// The forward pass gathers the whole batch with im2col into `[N·OH·OW, KH·KW·C]` and runs one
/// GEMM into the output, into which the bias was written first (fused, `beta = 1`). While
/// recording a kernel gradient, the im2col matrix is kept for the backward pass
/// (`dKernel = colsᵀ·g`, `dx = col2im(g·Kᵀ)`, `dBias = Σ g`); the large scratch matrices come
/// from a pool and are reused from one training step to the next.
/// - Precondition: x has rank 4, kernel has rank 4 with `C` input channels, bias is `[F]`,
///   strides are positive and the kernel fits the (padded) input.
public func conv2d(_ x: Tensor, kernel: Tensor, bias: Tensor? = nil,
                   strides: (Int, Int) = (1, 1), padding: Padding = .valid) -> Tensor {
    precondition(x.rank == 4 && kernel.rank == 4 && x.shape[3] == kernel.shape[2],
                 "conv2d: input \(x.shape) (NHWC) does not fit kernel \(kernel.shape) ([KH, KW, C, F])")
    let filters = kernel.shape[3]
    if let bias {
        precondition(bias.shape == [filters], "conv2d: bias \(bias.shape) does not fit kernel \(kernel.shape) (needs [\(filters)])")
    }
    let g = WindowGeometry(inputShape: x.shape, kernel: (kernel.shape[0], kernel.shape[1]),
                           strides: strides, padding: padding, op: "conv2d (kernel \(kernel.shape))")
    let (m, k) = (g.outputPositions, g.patchSize)
    // A 1×1 kernel with stride 1 and no padding reads x as it is: x is already the im2col matrix.
    // Otherwise the im2col matrix lives in a pooled scratch buffer, reused from step to step.
    let identityWindow = g.kernelHeight == 1 && g.kernelWidth == 1 && g.strideHeight == 1 && g.strideWidth == 1
    var cols: [Float]
    if identityWindow {
        cols = x.storage
    } else {
        cols = ScratchPool.take(m * k)
        x.storage.withUnsafeBufferPointer { xp in cols.withUnsafeMutableBufferPointer { Im2Col.im2col(xp, g, into: $0) } }
    }
    let out = Tensor(shape: [g.batch, g.outputHeight, g.outputWidth, filters]) { o in
        guard let op = o.baseAddress, m > 0, filters > 0 else { return }
        if k == 0 { op.update(repeating: 0, count: m * filters) }
        if let bias {
            bias.storage.withUnsafeBufferPointer { b in
                guard let bp = b.baseAddress else { return }
                for r in 0..<m { (op + r * filters).update(from: bp, count: filters) }
            }
        }
        guard k > 0 else { return }
        cols.withUnsafeBufferPointer { c in
            kernel.storage.withUnsafeBufferPointer { kp in
                GEMM.multiply(c.baseAddress!, transposeA: false, kp.baseAddress!, transposeB: false,
                              into: op, m: m, n: filters, k: k, beta: bias == nil ? 0 : 1)
            }
        }
    }
    let needsInputGradient = x.isOnActiveTape
    let needsKernelGradient = kernel.isOnActiveTape
    // Only the kernel's gradient needs the im2col matrix; without it the buffer goes back at once.
    let savedCols = ScratchBox(needsKernelGradient ? cols : [])
    if !needsKernelGradient && !identityWindow { ScratchPool.recycle(cols) }
    cols = []
    let (kernelShape, inputShape) = (kernel.shape, x.shape)
    let kernelValues = kernel.storage
    let inputs = bias.map { [x, kernel, $0] } ?? [x, kernel]
    return recordOperation(inputs: inputs, output: out) { grad in
        let gradient = grad.storage
        let dBias = bias == nil ? nil : grad.reshaped([m, filters]).sum(axis: 0)
        guard m > 0, k > 0, filters > 0 else {
            let zeros: [Tensor?] = [Tensor.zeros(inputShape), Tensor.zeros(kernelShape)]
            return bias == nil ? zeros : zeros + [dBias]
        }
        var dx: Tensor?
        var dKernel: Tensor?
        if needsKernelGradient {
            // dKernel [K, F] = colsᵀ [K, M] · g [M, F]; the im2col matrix is done with afterwards.
            let saved = savedCols.take()
            if saved.count == m * k {
                dKernel = Tensor(shape: kernelShape) { d in
                    saved.withUnsafeBufferPointer { c in
                        gradient.withUnsafeBufferPointer { gp in
                            GEMM.multiply(c.baseAddress!, transposeA: true, gp.baseAddress!, transposeB: false,
                                          into: d.baseAddress!, m: k, n: filters, k: m)
                        }
                    }
                }
            }
            if !identityWindow { ScratchPool.recycle(saved) }
        }
        if needsInputGradient {
            // dCols [M, K] = g [M, F] · Kᵀ [F, K], then dx = col2im(dCols).
            var dCols = identityWindow ? [Float](repeating: 0, count: m * k) : ScratchPool.take(m * k)
            gradient.withUnsafeBufferPointer { gp in
                kernelValues.withUnsafeBufferPointer { kp in
                    dCols.withUnsafeMutableBufferPointer { dc in
                        GEMM.multiply(gp.baseAddress!, transposeA: false, kp.baseAddress!, transposeB: true,
                                      into: dc.baseAddress!, m: m, n: k, k: filters)
                    }
                }
            }
            if identityWindow {
                dx = Tensor(shape: inputShape, scalars: dCols)
            } else {
                dx = Tensor(shape: inputShape) { d in dCols.withUnsafeBufferPointer { Im2Col.col2im($0, g, into: d) } }
                ScratchPool.recycle(dCols)
            }
        }
        return bias == nil ? [dx, dKernel] : [dx, dKernel, dBias]
    }
}
