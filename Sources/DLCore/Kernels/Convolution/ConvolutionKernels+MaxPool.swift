// A convolution followed by max pooling over disjoint windows, fused: each worker convolves one
// chunk of samples into its own scratch and pools it at once, while the chunk's output is still
// in its cache; the convolution's whole output is never written out. (The siamese workload's
// first convolution writes 9.4 MB per tower at batch 128, then max pooling read it back from
// memory: about 14% of the step's time.)
//
// Shapes: x [N, H, W, C], kernel [KH, KW, C, F], bias [F]; the convolution's output
// y [N, OH, OW, F] (geometry g) is pooled by the disjoint windows of geometry p (over y) into
// out [N, POH, POW, F], and winners [N, POH, POW, F] bytes (each output's winning cell, as
// `PoolingKernels.maxPoolDisjoint` notes it for its pullback).
//
// Bit for bit the unfused pair: the chunks are the unfused plan's (same samples, same orientation,
// same Winograd tile, the kernel transformed once for all of them), each chunk is the same
// single-threaded computation, and pooling copies a maximum. The pullback needs no y: a window's
// gradient goes to its winner, whose y is the pooled value, so ReLU's mask there is `out > 0`
// (`Tensor/Convolution+MaxPool.swift`).

extension ConvolutionKernels {
    /// `maxPoolDisjoint(forward(x, kernel, bias))`: the convolution of `g` with `filters`, then
    /// max pooling of `pool` (disjoint windows over the convolution's output), per chunk of samples.
    /// Shapes: x `[N, H, W, C]`, kernel `[KH, KW, C, F]`, bias `[F]` → out, winners `[N, POH, POW, F]`
    /// (overwritten). `winogradKernel` as for `forward`.
    /// - Precondition: `pool` is over `[N, OH, OW, F]` and `PoolingKernels.hasDisjointWindows(pool)`.
    package static func forwardMaxPooled(_ x: UnsafeBufferPointer<Float>, kernel: UnsafeBufferPointer<Float>,
                                        bias: UnsafeBufferPointer<Float>?, _ g: WindowGeometry, filters: Int, relu: Bool,
                                        pool: WindowGeometry, into out: UnsafeMutableBufferPointer<Float>,
                                        winners: UnsafeMutableBufferPointer<UInt8>?, plan: Plan? = nil,
                                        winogradKernel: UnsafeBufferPointer<Float>? = nil) {
        check(pool.batch == g.batch && pool.height == g.outputHeight && pool.width == g.outputWidth
              && pool.channels == filters && PoolingKernels.hasDisjointWindows(pool)
              && x.count == g.batch * g.sampleSize && kernel.count == g.patchSize * filters
              && out.count == pool.outputPositions * filters && (winners == nil || winners!.count == out.count),
              "ConvolutionKernels.forwardMaxPooled: buffers of \(x.count), \(kernel.count), \(out.count) scalars "
              + "and pooling \(pool) do not fit \(g) with \(filters) filters")
        let plan = plan ?? Plan(g, filters: filters)
        guard let xp = x.baseAddress, let op = out.baseAddress, g.batch > 0, filters > 0 else { return }
        let wp = winners?.baseAddress
        let transformed = plan.winograd && !plan.direct && winogradKernel == nil
            ? winogradTransformedKernel(kernel, channels: g.channels, filters: filters, tile: plan.winogradTile) : nil
        let samplesPerChunk = plan.winograd ? plan.winogradSamplesPerChunk : plan.samplesPerChunk
        // Looked at once here rather than by every chunk's `forward`.
        let kernelIsFinite = ReductionKernels.allFinite(kernel)
        // The unfused plan's, for chunks of exactly `samplesPerChunk` samples (or fewer, the last).
        let chunkPlan = Plan(g, filters: filters, samplesPerChunk: samplesPerChunk, transposed: plan.transposed,
                             shiftedRows: plan.shiftedRows, winograd: plan.winograd, winogradTile: plan.winogradTile,
                             direct: plan.direct, planar: plan.planar)
        let convolved = g.outputHeight * g.outputWidth * filters, pooled = pool.outputHeight * pool.outputWidth * filters
        transformed.withOptionalBuffer { transformedKernel in
            let u = winogradKernel ?? transformedKernel
            // Each chunk's convolution goes to its worker's scratch, then is pooled into `out`.
            forEachChunk(g.batch, samplesPerChunk, scratchCount: samplesPerChunk * convolved) { samples, y in
                let first = samples.lowerBound, count = samples.count
                let chunkGeometry = WindowGeometry(g, batch: count), chunkPool = WindowGeometry(pool, batch: count)
                let chunkOutput = UnsafeMutableBufferPointer(start: y, count: count * convolved)
                forward(UnsafeBufferPointer(start: xp + first * g.sampleSize, count: count * g.sampleSize),
                        kernel: kernel, bias: bias, chunkGeometry, filters: filters, relu: relu, into: chunkOutput,
                        plan: chunkPlan, winogradKernel: u, kernelIsFinite: kernelIsFinite)
                let target = UnsafeMutableBufferPointer(start: op + first * pooled, count: count * pooled)
                PoolingKernels.maxPoolDisjoint(UnsafeBufferPointer(chunkOutput), chunkPool, into: target,
                                               winners: wp.map { UnsafeMutableBufferPointer(start: $0 + first * pooled,
                                                                                            count: count * pooled) })
            }
        }
    }
}

extension WindowGeometry {
    /// `g` over `batch` samples instead of `g.batch` (a chunk of the batch).
    init(_ g: WindowGeometry, batch: Int) {
        self.batch = batch
        height = g.height; width = g.width; channels = g.channels
        kernelHeight = g.kernelHeight; kernelWidth = g.kernelWidth
        strideHeight = g.strideHeight; strideWidth = g.strideWidth
        outputHeight = g.outputHeight; outputWidth = g.outputWidth
        padTop = g.padTop; padLeft = g.padLeft
    }
}

extension Optional where Wrapped == [Float] {
    /// Runs `body` on the array's scalars, or on nil when there is no array.
    func withOptionalBuffer<R>(_ body: (UnsafeBufferPointer<Float>?) -> R) -> R {
        guard let array = self else { return body(nil) }
        return array.withUnsafeBufferPointer { body($0) }
    }
}
