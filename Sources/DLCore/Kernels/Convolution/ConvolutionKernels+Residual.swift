// A convolution whose output has a residual added (then ReLU) in the same pass over each chunk of
// samples, while the chunk is in cache: a residual block's last convolution, its Add and its ReLU
// as one op at inference. Unfused, the Add + ReLU read the convolution's whole output and the
// shortcut back from memory and write a third tensor (about 4% of the resnet workload's inference).
//
// Shapes: x [N, H, W, C], kernel [KH, KW, C, F], bias [F], residual and out [N, OH, OW, F].
//
// Bit for bit `sumReLU([forward(x), residual])` (or the plain sum): the chunks are the unfused
// plan's, as in `forwardMaxPooled`, and each output gets `y + r` (IEEE addition is commutative, so
// the order of the Add's inputs does not matter), then `max(·, 0)` as `MergeKernels.sumReLU` gives it.
// Winograd's layers add it in the output transform itself (`dl_winograd_output`'s residual: (y + b)
// + r, then ReLU), and their exact-zero-window restore writes act(bias + r): no second pass over the
// chunk (it was 4.5% of resnet's inference profile as a separate pass).

extension ConvolutionKernels {
    /// `out = forward(x, kernel, bias) + residual`, then ReLU with `relu`, chunk by chunk of samples.
    /// Shapes: as above (`out` overwritten). `plan` and `winogradKernel` as for `forward`.
    package static func forwardAddingResidual(_ x: UnsafeBufferPointer<Float>, kernel: UnsafeBufferPointer<Float>,
                                             bias: UnsafeBufferPointer<Float>?, _ g: WindowGeometry, filters: Int,
                                             residual: UnsafeBufferPointer<Float>, relu: Bool,
                                             into out: UnsafeMutableBufferPointer<Float>, plan: Plan? = nil,
                                             winogradKernel: UnsafeBufferPointer<Float>? = nil) {
        check(x.count == g.batch * g.sampleSize && kernel.count == g.patchSize * filters
              && out.count == g.outputPositions * filters && residual.count == out.count,
              "ConvolutionKernels.forwardAddingResidual: buffers of \(x.count), \(kernel.count), \(residual.count), "
              + "\(out.count) scalars do not fit \(g) with \(filters) filters")
        let plan = plan ?? Plan(g, filters: filters)
        guard let xp = x.baseAddress, let op = out.baseAddress, let rp = residual.baseAddress,
              g.batch > 0, filters > 0, g.outputPositions > 0 else { return }
        let transformed = plan.winograd && !plan.direct && winogradKernel == nil
            ? winogradTransformedKernel(kernel, channels: g.channels, filters: filters, tile: plan.winogradTile) : nil
        let samplesPerChunk = plan.winograd ? plan.winogradSamplesPerChunk : plan.samplesPerChunk
        let kernelIsFinite = ReductionKernels.allFinite(kernel)
        // Winograd with a finite kernel (what `forward` would run with its zero-window restore) adds
        // the residual in its output transform; every other strategy adds it after `forward`.
        let winogradEpilogue = plan.winograd && !plan.direct && kernelIsFinite
        let wp = kernel.baseAddress ?? UnsafePointer(op)
        let restorer = winogradEpilogue ? ZeroWindowRestorer(bias: bias?.baseAddress, g, filters: filters, relu: relu) : nil
        let chunkPlan = Plan(g, filters: filters, samplesPerChunk: samplesPerChunk, transposed: plan.transposed,
                             shiftedRows: plan.shiftedRows, winograd: plan.winograd, winogradTile: plan.winogradTile,
                             direct: plan.direct, planar: plan.planar)
        let perSample = g.outputHeight * g.outputWidth * filters
        transformed.withOptionalBuffer { transformedKernel in
            let u = winogradKernel ?? transformedKernel
            forEachChunk(g.batch, samplesPerChunk, scratchCount: 0) { samples, _ in
                let first = samples.lowerBound, count = samples.count
                let target = UnsafeMutableBufferPointer(start: op + first * perSample, count: count * perSample)
                let chunkGeometry = WindowGeometry(g, batch: count)
                if winogradEpilogue {
                    // The residual added (then ReLU) in Winograd's output transform, and by the
                    // zero-window restore where it rewrites outputs: the same bits as below.
                    winogradForward(xp + first * g.sampleSize, kernel: wp, transformed: u?.baseAddress,
                                    bias: bias?.baseAddress, chunkGeometry, filters: filters, relu: relu,
                                    into: target.baseAddress!, tile: plan.winogradTile, samplesPerChunk: samplesPerChunk,
                                    restorer: restorer, residual: rp + first * perSample)
                    return
                }
                forward(UnsafeBufferPointer(start: xp + first * g.sampleSize, count: count * g.sampleSize),
                        kernel: kernel, bias: bias, chunkGeometry, filters: filters, relu: false,
                        into: target, plan: chunkPlan, winogradKernel: u, kernelIsFinite: kernelIsFinite)
                addResidual(rp + first * perSample, relu: relu, into: target)
            }
        }
    }

    /// `y[i] = y[i] + r[i]`, then `max(·, 0)` with `relu` (NaN kept, −0 made +0, as `sumReLU`).
    private static func addResidual(_ r: UnsafePointer<Float>, relu: Bool, into y: UnsafeMutableBufferPointer<Float>) {
        guard let yp = y.baseAddress else { return }
        let count = y.count
        var i = 0
        while i + 8 <= count {
            var v = UnsafeRawPointer(yp + i).loadUnaligned(as: SIMD8<Float>.self)
            v += UnsafeRawPointer(r + i).loadUnaligned(as: SIMD8<Float>.self)
            if relu { v.replace(with: 0, where: v .<= 0) }
            UnsafeMutableRawPointer(yp + i).storeBytes(of: v, as: SIMD8<Float>.self)
            i += 8
        }
        while i < count {
            let v = yp[i] + r[i]
            yp[i] = relu && v <= 0 ? 0 : v
            i += 1
        }
    }
}
