// Shapes: x [N, H, W, C], kernel [KH, KW, F, C] (Keras's Conv2DTranspose layout), bias [F] →
// out [N, OH, OW, F].
//
// A transposed convolution is the adjoint (the input gradient) of a convolution, so it runs on the
// convolution kernels themselves. `g` is the geometry of the convolution it transposes: input
// [N, OH, OW, F], a KH×KW window, output [N, H, W] (`WindowGeometry(transposing:...)`); read that
// way the kernel is that convolution's [KH, KW, Cin = F, Cout = C], and x is its output gradient.
//  1. out     = the convolution's dx for the gradient x: col2im(x · Kᵀ)        (`backward`, dx only),
//               then bias and ReLU in one pass over out.
//  2. dx      = the convolution of gOut: im2col(gOut) · K                     (`forward`),
//     dKernel = the convolution's dKernel for input gOut and gradient x:
//               im2col(gOut)ᵀ · x                                               (`backward`, dKernel only),
//     dBias   = Σ gOut over N, OH, OW;
//    gOut being the output gradient, zeroed where out ≤ 0 first when ReLU is fused.
// Every product is a GEMM of the convolution's own plan (im2col rows, transposed, Winograd);
// `+TransposedReference.swift` holds the naive scatter loops the tests compare with.

extension ConvolutionKernels {
    /// Transposed convolution forward: `out = act(convᵀ(x, K) + bias)`, act being ReLU or the identity.
    /// Shapes: x `[N, H, W, C]`, kernel `[KH, KW, F, C]`, bias `[F]` → out `[N, OH, OW, F]`
    /// (overwritten), with `g` the geometry of the transposed convolution (input `[N, OH, OW, F]`,
    /// output `[N, H, W]`) and `channels` = C.
    package static func transposedForward(_ x: UnsafeBufferPointer<Float>, kernel: UnsafeBufferPointer<Float>,
                                         bias: UnsafeBufferPointer<Float>?, _ g: WindowGeometry, channels: Int,
                                         relu: Bool, into out: UnsafeMutableBufferPointer<Float>) {
        let filters = g.channels
        check(x.count == g.outputPositions * channels && kernel.count == g.patchSize * channels
              && out.count == g.batch * g.sampleSize && (bias == nil || bias!.count == filters),
              "ConvolutionKernels.transposedForward: buffers of \(x.count), \(kernel.count), \(out.count) scalars do not fit \(g) with \(channels) input channels")
        // The convolution's `x` (its input) is read only for dKernel, which is not asked for here:
        // the output buffer stands in for it.
        backward(x, output: nil, relu: false, x: UnsafeBufferPointer(out), kernel: kernel, g, filters: channels,
                 dx: out, dKernel: nil, dBias: nil)
        guard bias != nil || relu, let op = out.baseAddress, filters > 0 else { return }
        let bp = bias?.baseAddress
        let rows = out.count / filters
        Parallel.forRowBands(rows: rows, columns: filters) { first, last in
            addTransposedBiasAndReLU(op + first * filters, rows: last - first, filters: filters, bias: bp, relu: relu)
        }
    }

    /// Transposed convolution backward from the output gradient `grad`; with `relu`, `grad` is first
    /// masked where `output` (the forward's result) is not positive. Writes whichever of dx, dKernel,
    /// dBias are given (overwritten). Shapes: grad, output `[N, OH, OW, F]`, x `[N, H, W, C]`,
    /// kernel `[KH, KW, F, C]` → dx `[N, H, W, C]`, dKernel `[KH, KW, F, C]`, dBias `[F]`.
    package static func transposedBackward(_ grad: UnsafeBufferPointer<Float>, output: UnsafeBufferPointer<Float>?,
                                          relu: Bool, x: UnsafeBufferPointer<Float>, kernel: UnsafeBufferPointer<Float>,
                                          _ g: WindowGeometry, channels: Int,
                                          dx: UnsafeMutableBufferPointer<Float>?, dKernel: UnsafeMutableBufferPointer<Float>?,
                                          dBias: UnsafeMutableBufferPointer<Float>?) {
        let filters = g.channels
        check(grad.count == g.batch * g.sampleSize && x.count == g.outputPositions * channels
              && kernel.count == g.patchSize * channels && (!relu || output?.count == grad.count)
              && (dx == nil || dx!.count == x.count) && (dKernel == nil || dKernel!.count == kernel.count)
              && (dBias == nil || dBias!.count == filters),
              "ConvolutionKernels.transposedBackward: buffers do not fit \(g) with \(channels) input channels")
        var masked = [Float]()
        if relu, let output {
            masked = [Float](unsafeUninitializedCapacity: grad.count) { buffer, count in
                for i in 0..<grad.count { buffer[i] = output[i] > 0 ? grad[i] : 0 }
                count = grad.count
            }
        }
        masked.withUnsafeBufferPointer { maskedBuffer in
            let gOut = relu ? maskedBuffer : grad
            if let dx { forward(gOut, kernel: kernel, bias: nil, g, filters: channels, relu: false, into: dx) }
            if let dKernel {
                backward(x, output: nil, relu: false, x: gOut, kernel: kernel, g, filters: channels,
                         dx: nil, dKernel: dKernel, dBias: nil)
            }
            if let db = dBias?.baseAddress {
                db.update(repeating: 0, count: filters)
                if let gp = gOut.baseAddress, filters > 0 { addColumnSums(gp, rows: gOut.count / filters, filters: filters, into: db) }
            }
        }
    }

    /// `out[r, f] = act(out[r, f] + bias[f])` over rows `[rows, filters]`.
    private static func addTransposedBiasAndReLU(_ out: UnsafeMutablePointer<Float>, rows: Int, filters: Int,
                                       bias: UnsafePointer<Float>?, relu: Bool) {
        for r in 0..<rows {
            let row = out + r &* filters
            var f = 0
            while f &+ 8 <= filters {
                var v = UnsafeRawPointer(row + f).loadUnaligned(as: SIMD8<Float>.self)
                if let bias { v += UnsafeRawPointer(bias + f).loadUnaligned(as: SIMD8<Float>.self) }
                if relu { v.replace(with: 0, where: v .<= 0) }
                UnsafeMutableRawPointer(row + f).storeBytes(of: v, as: SIMD8<Float>.self)
                f &+= 8
            }
            while f < filters {
                let v = row[f] + (bias?[f] ?? 0)
                row[f] = relu && v <= 0 ? 0 : v
                f &+= 1
            }
        }
    }
}
