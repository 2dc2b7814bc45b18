// dKernel of a 3×3 stride-1 convolution by Winograd's algorithm, the adjoint of the forward pass
// (ConvolutionKernels+Winograd.swift). Per tile, the forward computes Y = Aᵀ M A with
// M = Σ_c U_c ⊙ V_c, U = G w Gᵀ and V = Bᵀ d B; so, with gY the tile of the output gradient (zero
// on the cells outside the output, and where ReLU's output is not positive):
//
//  1. Per chunk: V [α², tiles, C], the forward's input transform, recomputed;
//  2. dM [α², tiles, F] = A gY Aᵀ for each tile (CKernels' `dl_winograd_output_gradient`);
//  3. α² products dU_e [C, F] += V_eᵀ · dM_e (`winogradCellProduct`: GEMM, or the direct product with
//     AVX-512 as in the forward pass, ConvolutionKernels+WinogradProducts.swift; single-threaded), summed over the
//     chunks of a worker into its own partial dU, the partials then added in worker order (the
//     same result on every run);
//  4. dw [3, 3, C, F] = Gᵀ dU G.
//
// dBias, when asked for, is summed in step 2 from the masked gY cells it reads anyway (per worker,
// then in worker order): the output gradient and ReLU's mask (the convolution's output) are read
// from memory once for both. With a separate pass they were read once more, and that pass and
// step 2's loads were memory-bound (about a quarter of the VGG workload's dKernel time).
//
// For F(4×4, 3×3) the products take α²/(9·m²) = 1/4 of the multiply-adds of dKernel by im2col
// and no im2col matrix is gathered.

extension ConvolutionKernels {
    /// dKernel (and, when `dBias` is given, dBias) of a 3×3 stride-1 convolution by Winograd's
    /// algorithm with `tile` (any padding). Shapes: grad, mask `[N, OH, OW, F]`, x `[N, H, W, C]`
    /// → dw `[3, 3, C, F]`, dBias `[F]` (overwritten); grad reads as zero where `mask` (ReLU's
    /// output) is not positive.
    static func winogradKernelGradient(_ grad: UnsafePointer<Float>, mask: UnsafePointer<Float>?, x: UnsafePointer<Float>,
                                       _ g: WindowGeometry, filters: Int, into dw: UnsafeMutablePointer<Float>,
                                       dBias: UnsafeMutablePointer<Float>? = nil, tile: WinogradTile, samplesPerChunk: Int) {
        switch tile {
        case .f2: winogradKernelGradient(WinogradF2.self, grad, mask: mask, x: x, g, filters: filters, into: dw, dBias: dBias,
                                         samplesPerChunk: samplesPerChunk)
        case .f4: winogradKernelGradient(WinogradF4.self, grad, mask: mask, x: x, g, filters: filters, into: dw, dBias: dBias,
                                         samplesPerChunk: samplesPerChunk)
        }
    }

    /// `winogradKernelGradient` by the Winograd variant `T`. Same shapes.
    private static func winogradKernelGradient<T: WinogradTransform>(
        _: T.Type, _ grad: UnsafePointer<Float>, mask: UnsafePointer<Float>?, x: UnsafePointer<Float>, _ g: WindowGeometry,
        filters: Int, into dw: UnsafeMutablePointer<Float>, dBias: UnsafeMutablePointer<Float>?, samplesPerChunk: Int
    ) {
        let m = T.outputTile, a = T.inputTile, cells = a * a, c = g.channels
        let tileRows = (g.outputHeight + m - 1) / m, tileColumns = (g.outputWidth + m - 1) / m
        let tilesPerSample = tileRows * tileColumns
        let chunks = (g.batch + samplesPerChunk - 1) / samplesPerChunk
        let workers = Swift.max(1, Swift.min(Parallel.workers, chunks))
        // A worker's partial dU, then (with dBias) its partial dBias.
        let kernelCount = cells * c * filters, partialCount = kernelCount + (dBias == nil ? 0 : filters)
        var partials = [Float](repeating: 0, count: workers * partialCount)
        let scratchCount = cells * (samplesPerChunk * tilesPerSample * (c + filters) + 2 * winogradCellSkew)
        partials.withUnsafeMutableBufferPointer { buffer in
            guard let pp = buffer.baseAddress else { return }
            forEachChunk(g.batch, samplesPerChunk, scratchCount: scratchCount) { samples, scratch, worker in
                let tiles = samples.count * tilesPerSample
                let vStride = tiles * c + winogradCellSkew, mStride = tiles * filters + winogradCellSkew
                let v = scratch, dm = scratch + cells * vStride
                winogradInput(T.self, x, mask: nil, g, samples: samples, tileColumns: tileColumns, tileRows: tileRows,
                              into: v, cellStride: vStride)
                let du = pp + worker * partialCount
                winogradOutputGradient(T.self, grad, mask: mask, g, samples: samples, filters: filters,
                                       tileColumns: tileColumns, tileRows: tileRows, into: dm, cellStride: mStride,
                                       biasSums: dBias == nil ? nil : du + kernelCount)
                for cell in 0..<cells {
                    winogradCellProduct(v + cell * vStride, transposeA: true, dm + cell * mStride, into: du + cell * c * filters,
                                        rows: c, inner: tiles, columns: filters, accumulate: true, vectorRows: false)
                }
            }
            for worker in 1..<workers {
                let partial = pp + worker * partialCount
                for i in 0..<partialCount { pp[i] += partial[i] }
            }
            T.transformKernelGradient(pp, channels: c, filters: filters, into: dw)
            dBias?.update(from: pp + kernelCount, count: filters)
        }
    }

    /// dM [α², tiles, F] (cell e at `dm + e·cellStride`) = A gY Aᵀ for every tile of `samples`
    /// (tiles in sample, row, column order, as `winogradInput` numbers them), eight filters at a
    /// time; gY's cells outside the output, or where `mask` is not positive, read as zero. With
    /// `biasSums` `[F]`, each tile's sum of its gY cells is added there (dBias). The Swift reference
    /// of `winogradOutputGradient` (the C kernels, ConvolutionKernels+WinogradVector.swift).
    static func winogradOutputGradientSIMD8<T: WinogradTransform>(
        _: T.Type, _ grad: UnsafePointer<Float>, mask: UnsafePointer<Float>?, _ g: WindowGeometry, samples: Range<Int>,
        filters: Int, tileColumns: Int, tileRows: Int, into dm: UnsafeMutablePointer<Float>, cellStride: Int,
        biasSums: UnsafeMutablePointer<Float>?
    ) {
        let m = T.outputTile, a = T.inputTile
        let buffer = UnsafeMutablePointer<SIMD8<Float>>.allocate(capacity: m * m + a * m + a * a)
        defer { buffer.deallocate() }
        let gy = buffer, temp = buffer + m * m, tileGradient = temp + a * m
        let outputSample = g.outputHeight * g.outputWidth * filters
        var t = 0
        for n in samples {
            let sample = grad + n * outputSample, sampleMask = mask.map { $0 + n * outputSample }
            for ty in 0..<tileRows {
                let rows = Swift.min(m, g.outputHeight - ty * m)
                for tx in 0..<tileColumns {
                    let columns = Swift.min(m, g.outputWidth - tx * m)
                    var filter = 0
                    while filter < filters {
                        let lanes = Swift.min(8, filters - filter)
                        for i in 0..<m {
                            for j in 0..<m {
                                guard i < rows && j < columns else { gy[i * m + j] = SIMD8(); continue }
                                let offset = ((ty * m + i) * g.outputWidth + tx * m + j) * filters + filter
                                var value = load(sample + offset, lanes: lanes)
                                if let sampleMask {
                                    value.replace(with: 0, where: .!(load(sampleMask + offset, lanes: lanes) .> 0))
                                }
                                gy[i * m + j] = value
                            }
                        }
                        if let biasSums {
                            var total = SIMD8<Float>()
                            for cell in 0..<(m * m) { total += gy[cell] }
                            store(load(biasSums + filter, lanes: lanes) + total, into: biasSums + filter, lanes: lanes)
                        }
                        T.transformOutputGradientTile(gy, temp: temp, into: tileGradient)
                        let target = dm + t * filters + filter
                        for cell in 0..<(a * a) { store(tileGradient[cell], into: target + cell * cellStride, lanes: lanes) }
                        filter += 8
                    }
                    t += 1
                }
            }
        }
    }
}
