internal import CKernels

// dKernel and dBias without an im2col matrix (CKernels' `dl_conv_kernel_gradient`): filters in the
// vector lanes, up to 24 of the kernel gradient's rows summed at a time in registers, one broadcast
// of the input scalar under each and one fused multiply-add a filter vector for every output pixel.
//
// The im2col paths run this product as OpenBLAS's colsᵀ·g, whose shape suits it badly: [K, rows] ·
// [rows, F] with K from 9 to a few hundred and F from 6 to 64 is a long, thin sum whose packing
// (the whole im2col matrix, rebuilt for each chunk) costs more than its arithmetic. dKernel and
// dBias at batch 128 (siamese: 256), two cores of an AMD EPYC, im2col + OpenBLAS → this, ms:
//
// | layer | AVX-512 | AVX2 |
// |---|---|---|
// | LeNet-5 1 → 6 5×5 'same' | 1.24 → 0.72 | 1.25 → 0.59 |
// | LeNet-5 6 → 16 5×5 | 0.87 → 0.41 | 0.79 → 0.49 |
// | siamese 1 → 32 5×5 | 2.84 → 0.93 | 2.78 → 1.70 |
// | small VGG 1 → 32 3×3 'same' | 1.46 → 0.37 | 1.36 → 0.64 |
// | resnet 1 → 16 3×3 'same' | 0.84 → 0.19 | 0.83 → 0.29 |
// | resnet 16 → 32 1×1 stride 2 | 0.29 → 0.11 | 0.29 → 0.19 |
// | resnet 16 → 32 3×3 stride 2 | 1.38 → 0.62 | 1.33 → 1.08 |
// | resnet 32 → 64 3×3 stride 2 | 1.07 → 0.65 | 1.06 → 1.06 |
//
// so it is chosen (`Plan.directKernelGradient`) for every convolution Winograd's algorithm does not
// take on CPUs with AVX-512, and for patches of at most 160 scalars (up to 5×5×6) with AVX2.
// Rounding differs from the im2col path's (each sample's sums in pixel order, one rounding a term,
// then added in; OpenBLAS sums in its own blocked order).

extension ConvolutionKernels {
    /// Whether `Plan` computes dKernel and dBias by `directKernelGradient` for `g` (see above).
    static func prefersDirectKernelGradient(_ g: WindowGeometry) -> Bool {
        switch VectorUnit.active {
        case .avx512: true
        case .avx2: g.patchSize <= directKernelGradientLargestPatchAVX2
        case .portable: false
        }
    }

    /// Beyond it AVX2's 8 lanes no longer beat OpenBLAS clearly (3×3×16: 0.81, 3×3×32: 1.00).
    static let directKernelGradientLargestPatchAVX2 = 160

    /// dKernel `[KH·KW·C, F]` and dBias `[F]` (each overwritten when not nil) of the convolution `g`
    /// with `filters` from its output gradient `grad` `[N·OH·OW, F]`, read as +0 where `mask` (the
    /// ReLU output, same shape) is not positive, and its input `x`: each sample's sums from 0 in
    /// pixel order, then the samples' in order, a worker's contiguous samples at a time.
    static func directKernelGradient(_ grad: UnsafePointer<Float>, mask: UnsafePointer<Float>?, x: UnsafePointer<Float>,
                                     _ g: WindowGeometry, filters: Int, dKernel: UnsafeMutablePointer<Float>?,
                                     dBias: UnsafeMutablePointer<Float>?) {
        var gradient = kernelGradient(x, g, filters: filters)
        gradient.grad = grad
        gradient.mask = mask
        runKernelGradient(gradient, g, filters: filters, dKernel: dKernel, dBias: dBias)
    }

    /// `directKernelGradient` where the convolution's output gradient is that of the disjoint max
    /// pooling `pool` after it: `pooledGrad` `[N, POH, POW, F]` (+0 where `pooledMask`, the pooled
    /// ReLU output, is not positive) at each window's winner (`winners`, as `PoolingKernels` keeps
    /// them), 0 elsewhere; bit for bit that gradient written out and passed as `grad`, without
    /// writing it out (a first layer's pullback: no dx is asked for, so nothing else reads it).
    static func directKernelGradient(pooled pooledGrad: UnsafePointer<Float>, mask pooledMask: UnsafePointer<Float>?,
                                     winners: UnsafePointer<UInt8>, pool: WindowGeometry, x: UnsafePointer<Float>,
                                     _ g: WindowGeometry, filters: Int, dKernel: UnsafeMutablePointer<Float>?,
                                     dBias: UnsafeMutablePointer<Float>?) {
        check(PoolingKernels.hasDisjointWindows(pool) && pool.height == g.outputHeight && pool.width == g.outputWidth,
              "directKernelGradient: the pooling \(pool) is not a disjoint pooling of the convolution's output \(g)")
        var gradient = kernelGradient(x, g, filters: filters)
        gradient.pooledGrad = pooledGrad
        gradient.pooledMask = pooledMask
        gradient.winners = winners
        gradient.poolHeight = pool.kernelHeight
        gradient.poolWidth = pool.kernelWidth
        gradient.pooledHeight = pool.outputHeight
        gradient.pooledWidth = pool.outputWidth
        runKernelGradient(gradient, g, filters: filters, dKernel: dKernel, dBias: dBias)
    }

    /// The kernel's description of the convolution `g` of `x`, without a gradient source yet.
    private static func kernelGradient(_ x: UnsafePointer<Float>, _ g: WindowGeometry, filters: Int) -> dl_kernel_gradient {
        var gradient = dl_kernel_gradient()
        gradient.x = x
        gradient.height = g.height
        gradient.width = g.width
        gradient.channels = g.channels
        gradient.kernelHeight = g.kernelHeight
        gradient.kernelWidth = g.kernelWidth
        gradient.filters = filters
        gradient.strideHeight = g.strideHeight
        gradient.strideWidth = g.strideWidth
        gradient.padTop = g.padTop
        gradient.padLeft = g.padLeft
        gradient.outHeight = g.outputHeight
        gradient.outWidth = g.outputWidth
        return gradient
    }

    /// Runs `gradient` over the batch: each worker's contiguous samples into its own partial sums,
    /// then the partials added to dKernel and dBias (zeroed first) in worker order.
    private static func runKernelGradient(_ gradient: dl_kernel_gradient, _ g: WindowGeometry, filters: Int,
                                          dKernel: UnsafeMutablePointer<Float>?, dBias: UnsafeMutablePointer<Float>?) {
        let k = g.patchSize, partialCount = k * filters + filters
        dKernel?.update(repeating: 0, count: k * filters)
        dBias?.update(repeating: 0, count: filters)
        guard g.batch > 0, filters > 0, dKernel != nil || dBias != nil else { return }
        var gradient = gradient
        let scratchCount = dl_conv_kernel_gradient_scratch(&gradient)
        let workers = Swift.min(Parallel.workers, g.batch)
        var partials = [Float](repeating: 0, count: workers * partialCount)
        partials.withUnsafeMutableBufferPointer { partialBuffer in
            let pp = partialBuffer.baseAddress!
            forEachChunk(g.batch, 1, scratchCount: scratchCount) { samples, scratch, worker in
                var local = gradient
                local.dKernel = dKernel == nil ? nil : pp + worker * partialCount
                local.dBias = dBias == nil ? nil : pp + worker * partialCount + k * filters
                dl_conv_kernel_gradient(&local, samples.lowerBound, samples.upperBound, scratch)
            }
            for worker in 0..<workers {
                let partial = pp + worker * partialCount
                if let dKernel { for i in 0..<(k * filters) { dKernel[i] += partial[i] } }
                if let dBias { for f in 0..<filters { dBias[f] += partial[k * filters + f] } }
            }
        }
    }
}
