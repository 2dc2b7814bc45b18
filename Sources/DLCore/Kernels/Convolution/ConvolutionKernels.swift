// Shapes: x [N, H, W, C] (NHWC), kernel [KH, KW, C, F] read as W [K, F] with K = KH·KW·C, bias [F],
// out [N, OH, OW, F] read as [M, F] with M = N·OH·OW (geometry from WindowGeometry).
//
// The batch is cut into chunks of 2 to 4 whole samples (fewer when they would not fill the core's
// L2 cache; see `Plan`), so that a chunk's im2col matrix, its slice of the output and their
// gradients stay in or near that cache. Each worker takes a fixed run of consecutive
// chunks one by one and runs one single-threaded GEMM per chunk (`parallel: false`: the workers
// already use every core, see `Parallel`). The backward pass recomputes a chunk's
// im2col matrix instead of keeping the whole batch's, so memory stays at a chunk per worker.
//
// Two orientations of the product, both through `GEMM.multiply`:
//  - rows (F ≥ 16): cols [Mc, K] · W [K, F] → the chunk's output rows [Mc, F], written in place;
//  - columns (F < 16): Wᵀ [F, K] · colsᵀ [K, Mc] → outᵀ [F, Mc], then transposed into the output.
//    With few filters, OpenBLAS's kernels only run well when the wide dimension is the GEMM's n.
//    With stride 1, colsᵀ is built from whole shifted planes (ConvolutionKernels+Shifted.swift).
// Bias and ReLU are applied in one pass over each chunk's output while it is in cache (ReLU keeps
// NaN, as TensorFlow's does: `v <= 0` selects 0, and is false for NaN); the
// backward pass masks the gradient by the output (ReLU's derivative is 1 where the output is > 0).
//
// 3×3 stride-1 convolutions with enough channels and filters take Winograd's algorithm instead
// (`Plan.winograd`, ConvolutionKernels+Winograd.swift): the forward pass, dKernel
// (ConvolutionKernels+WinogradGradient.swift, with dBias in the same pass over the output
// gradient), and dx when the padding is 'same'; without dKernel, dBias comes from the column sums here.
// On CPUs with AVX-512 the forward pass runs the direct convolution instead (`Plan.direct`,
// ConvolutionKernels+Direct.swift).

/// Chunked im2col + GEMM convolution kernels with fused bias and ReLU, and naive references.
package enum ConvolutionKernels {
    /// Convolution forward: `out = act(conv(x, W) + bias)`, act being ReLU or the identity.
    /// Shapes: x `[N, H, W, C]`, kernel `[KH, KW, C, F]`, bias `[F]` → out `[N, OH, OW, F]` (overwritten).
    /// `winogradKernel`, when the plan runs Winograd's algorithm, is the kernel already transformed
    /// for its tile (`winogradTransformedKernel`, `[α², C, F]`): used instead of transforming again.
    /// `kernelIsFinite`, when the caller knows it (`forwardMaxPooled`, once for all its chunks),
    /// saves looking again; the direct and Winograd strategies need it (a weight of ±∞ or NaN times
    /// a padding zero is NaN in Keras's sum, which they leave out).
    package static func forward(_ x: UnsafeBufferPointer<Float>, kernel: UnsafeBufferPointer<Float>,
                               bias: UnsafeBufferPointer<Float>?, _ g: WindowGeometry, filters: Int, relu: Bool,
                               into out: UnsafeMutableBufferPointer<Float>, plan: Plan? = nil,
                               winogradKernel: UnsafeBufferPointer<Float>? = nil, kernelIsFinite: Bool? = nil) {
        let k = g.patchSize
        check(x.count == g.batch * g.sampleSize && kernel.count == k * filters
              && out.count == g.outputPositions * filters && (bias == nil || bias!.count == filters),
              "ConvolutionKernels.forward: buffers of \(x.count), \(kernel.count), \(out.count) scalars do not fit \(g) with \(filters) filters")
        guard let op = out.baseAddress, g.outputPositions > 0, filters > 0 else { return }
        let xp = x.baseAddress ?? UnsafePointer(op), wp = kernel.baseAddress ?? UnsafePointer(op)
        let bp = bias?.baseAddress
        let plan = plan ?? Plan(g, filters: filters)
        let finite = plan.direct || plan.planar || plan.winograd ? kernelIsFinite ?? ReductionKernels.allFinite(kernel) : true
        if plan.direct && finite {
            directForward(xp, kernel: wp, bias: bp, g, filters: filters, relu: relu, into: op)
            return
        }
        if plan.planar && finite {
            planarForward(xp, kernel: wp, bias: bp, g, filters: filters, relu: relu, into: op)
            return
        }
        if plan.winograd {
            let a = plan.winogradTile.rawValue + 2
            check(winogradKernel == nil || winogradKernel!.count == a * a * g.channels * filters,
                  "ConvolutionKernels.forward: a transformed kernel of \(winogradKernel?.count ?? 0) scalars does not fit \(g) with \(filters) filters")
            // Outputs of all-zero windows exactly as the direct sum gives them, chunk by chunk
            // (ConvolutionKernels+ZeroWindows.swift).
            let restorer = finite ? ZeroWindowRestorer(bias: bp, g, filters: filters, relu: relu) : nil
            winogradForward(xp, kernel: wp, transformed: winogradKernel?.baseAddress, bias: bp, g, filters: filters, relu: relu,
                            into: op, tile: plan.winogradTile, samplesPerChunk: plan.winogradSamplesPerChunk,
                            restorer: restorer)
            return
        }
        let rowsPerSample = g.outputHeight * g.outputWidth
        let identity = g.isIdentityWindow && !plan.transposed
        let largest = ShiftedGrid(g, samples: plan.samplesPerChunk)
        let scratchCount = plan.shiftedRows ? (k * largest.length + filters * largest.width)
            : plan.samplesPerChunk * rowsPerSample * ((identity ? 0 : k) + (plan.transposed ? filters : 0))
        forEachChunk(g.batch, plan.samplesPerChunk, scratchCount: scratchCount) { samples, scratch in
            let rows = samples.count * rowsPerSample
            let o = op + samples.lowerBound * rowsPerSample * filters
            if plan.shiftedRows {
                let grid = ShiftedGrid(g, samples: samples.count)
                let q = scratch, outT = scratch + k * grid.length
                shiftedRows(xp, g, samples: samples, grid, into: q)
                GEMM.multiply(wp, transposeA: true, q, transposeB: false, into: outT, m: filters, n: grid.width, k: k,
                              ldb: grid.length, parallel: false)
                for f in 0..<filters {
                    for n in 0..<samples.count {
                        for oh in 0..<g.outputHeight {
                            transposeRow(outT + f * grid.width + n * grid.plane + oh * grid.columns, count: g.outputWidth,
                                         into: o + ((n * g.outputHeight + oh) * g.outputWidth) * filters + f,
                                         stride: filters, adding: bp?[f] ?? 0, relu: relu)
                        }
                    }
                }
            } else if plan.transposed {
                let colsT = scratch, outT = scratch + rows * k
                Im2Col.im2colTransposed(xp, g, samples: samples, into: colsT)
                GEMM.multiply(wp, transposeA: true, colsT, transposeB: false, into: outT, m: filters, n: rows, k: k,
                              parallel: false)
                for f in 0..<filters {
                    transposeRow(outT + f * rows, count: rows, into: o + f, stride: filters,
                                 adding: bp?[f] ?? 0, relu: relu)
                }
            } else {
                let cols = identity ? xp + samples.lowerBound * rowsPerSample * k : UnsafePointer(scratch)
                if !identity { Im2Col.im2col(xp, g, samples: samples, into: scratch) }
                GEMM.multiply(cols, transposeA: false, wp, transposeB: false, into: o, m: rows, n: filters, k: k, parallel: false)
                if bp != nil || relu { addBiasAndReLU(o, rows: rows, filters: filters, bias: bp, relu: relu) }
            }
        }
    }

    /// Convolution backward from the output gradient `grad`; with `relu`, `grad` is first masked
    /// where `output` (the forward's result) is not positive. Writes whichever of dx, dKernel,
    /// dBias are given (overwritten). Shapes: grad, output `[N, OH, OW, F]`, x `[N, H, W, C]`,
    /// kernel `[KH, KW, C, F]` → dx `[N, H, W, C]`, dKernel `[KH, KW, C, F]`, dBias `[F]`.
    package static func backward(_ grad: UnsafeBufferPointer<Float>, output: UnsafeBufferPointer<Float>?, relu: Bool,
                                x: UnsafeBufferPointer<Float>, kernel: UnsafeBufferPointer<Float>,
                                _ g: WindowGeometry, filters: Int,
                                dx: UnsafeMutableBufferPointer<Float>?, dKernel: UnsafeMutableBufferPointer<Float>?,
                                dBias: UnsafeMutableBufferPointer<Float>?, plan: Plan? = nil) {
        let k = g.patchSize, m = g.outputPositions
        check(grad.count == m * filters && x.count == g.batch * g.sampleSize && kernel.count == k * filters
              && (!relu || output?.count == grad.count) && (dx == nil || dx!.count == x.count)
              && (dKernel == nil || dKernel!.count == kernel.count) && (dBias == nil || dBias!.count == filters),
              "ConvolutionKernels.backward: buffers do not fit \(g) with \(filters) filters")
        let plan = plan ?? Plan(g, filters: filters)
        if plan.winograd, let dwp = dKernel?.baseAddress, let gp = grad.baseAddress, let xp = x.baseAddress,
           g.outputPositions > 0, filters > 0 {
            // dKernel and dBias by Winograd (ConvolutionKernels+WinogradGradient.swift), in one pass
            // over the output gradient; dx as without it.
            winogradKernelGradient(gp, mask: relu ? output?.baseAddress : nil, x: xp, g, filters: filters, into: dwp,
                                   dBias: dBias?.baseAddress, tile: plan.winogradTile,
                                   samplesPerChunk: plan.winogradSamplesPerChunk)
            if dx != nil {
                backward(grad, output: output, relu: relu, x: x, kernel: kernel, g, filters: filters, dx: dx,
                         dKernel: nil, dBias: nil, plan: plan)
            }
            return
        }
        if let dxp = dx?.baseAddress, let gp = grad.baseAddress, let wp = kernel.baseAddress,
           winogradComputesInputGradient(g, plan: plan) {
            // dx by Winograd (ConvolutionKernels+Winograd.swift); dBias (and dKernel, for plans
            // without Winograd's dKernel: none at present) by the chunked passes below.
            if dKernel != nil || dBias != nil {
                backward(grad, output: output, relu: relu, x: x, kernel: kernel, g, filters: filters, dx: nil,
                         dKernel: dKernel, dBias: dBias, plan: plan)
            }
            winogradInputGradient(gp, mask: relu ? output?.baseAddress : nil, kernel: wp, g, filters: filters, into: dxp,
                                  tile: plan.winogradTile, samplesPerChunk: plan.winogradSamplesPerChunk)
            return
        }
        if plan.directKernelGradient, dKernel != nil || dBias != nil, let gp = grad.baseAddress, let xp = x.baseAddress {
            // dKernel and dBias without im2col (ConvolutionKernels+KernelGradient.swift); dx as without it.
            directKernelGradient(gp, mask: relu ? output?.baseAddress : nil, x: xp, g, filters: filters,
                                 dKernel: dKernel?.baseAddress, dBias: dBias?.baseAddress)
            if dx != nil {
                backward(grad, output: output, relu: relu, x: x, kernel: kernel, g, filters: filters, dx: dx,
                         dKernel: nil, dBias: nil, plan: plan)
            }
            return
        }
        dKernel?.update(repeating: 0)
        dBias?.update(repeating: 0)
        guard let gp = grad.baseAddress, m > 0, filters > 0 else {
            dx?.update(repeating: 0)
            return
        }
        let xp = x.baseAddress ?? gp, wp = kernel.baseAddress ?? gp, yp = output?.baseAddress
        let dxp = dx?.baseAddress, dwp = dKernel?.baseAddress, dbp = dBias?.baseAddress
        let rowsPerSample = g.outputHeight * g.outputWidth
        let identity = g.isIdentityWindow && !plan.transposed
        let chunkRows = plan.samplesPerChunk * rowsPerSample
        let masked = relu || plan.transposed
        // Shifted rows serve dKernel and dBias only: with dx, the chunk takes the colsᵀ path.
        let shifted = plan.shiftedRows && dxp == nil
        let largest = ShiftedGrid(g, samples: plan.samplesPerChunk)
        let colsCount = dwp == nil || identity ? 0 : shifted ? k * largest.length : chunkRows * k
        let dColsCount = dxp == nil || identity ? 0 : chunkRows * k
        let gradCount = shifted ? filters * largest.width : masked ? chunkRows * filters : 0
        // Each worker sums its chunks' dKernel and dBias into its own slice of `partials`.
        let partialCount = k * filters + filters
        let workers = Swift.min(Parallel.workers, (g.batch + plan.samplesPerChunk - 1) / plan.samplesPerChunk)
        var partials = [Float](repeating: 0, count: workers * partialCount)
        // dx of the rows orientation is g·Wᵀ; with Wᵀ [F, K] written out once, the product has no
        // transposed operand, which OpenBLAS runs through its small-matrix kernels (no packing,
        // no zeroing of the output first).
        var kernelT = [Float]()
        if dxp != nil && !plan.transposed {
            kernelT = [Float](unsafeUninitializedCapacity: k * filters) { buffer, count in
                for f in 0..<filters { for i in 0..<k { buffer[f * k + i] = wp[i * filters + f] } }
                count = k * filters
            }
        }
        partials.withUnsafeMutableBufferPointer { partialBuffer in
          kernelT.withUnsafeBufferPointer { kernelTBuffer in
            let pp = partialBuffer.baseAddress!, wtp = kernelTBuffer.baseAddress
            forEachChunk(g.batch, plan.samplesPerChunk, scratchCount: colsCount + dColsCount + gradCount) { samples, scratch, worker in
                let rows = samples.count * rowsPerSample, first = samples.lowerBound * rowsPerSample * filters
                let cols = scratch, dCols = scratch + colsCount, gm = scratch + colsCount + dColsCount
                let dW = pp + worker * partialCount, dB = dW + k * filters
                let gc = gp + first, yc = relu ? yp.map { $0 + first } : nil
                if shifted {
                    // Gᵀ [F, Rg] on the padded grid, masked, zero on the ignored positions.
                    let grid = ShiftedGrid(g, samples: samples.count)
                    gm.update(repeating: 0, count: filters * grid.width)
                    for f in 0..<filters {
                        for n in 0..<samples.count {
                            for oh in 0..<g.outputHeight {
                                let cell = ((n * g.outputHeight + oh) * g.outputWidth) * filters + f
                                gatherColumn(gc + cell, stride: filters, mask: yc.map { $0 + cell }, count: g.outputWidth,
                                             into: gm + f * grid.width + n * grid.plane + oh * grid.columns)
                            }
                        }
                    }
                    if dbp != nil { for f in 0..<filters { dB[f] += sum(gm + f * grid.width, grid.width) } }
                    if dwp != nil {
                        shiftedRows(xp, g, samples: samples, grid, into: cols)
                        GEMM.multiply(cols, transposeA: false, gm, transposeB: true, into: dW, m: k, n: filters, k: grid.width,
                                      lda: grid.length, beta: 1, parallel: false, vectorRows: false)
                    }
                    return
                }
                if plan.transposed {
                    // gᵀ [F, rows], masked; its rows' sums are dBias.
                    for f in 0..<filters {
                        gatherColumn(gc + f, stride: filters, mask: yc.map { $0 + f }, count: rows, into: gm + f * rows)
                    }
                    if dbp != nil { for f in 0..<filters { dB[f] += sum(gm + f * rows, rows) } }
                    if dwp != nil {
                        Im2Col.im2colTransposed(xp, g, samples: samples, into: cols)
                        GEMM.multiply(cols, transposeA: false, gm, transposeB: true, into: dW, m: k, n: filters, k: rows, beta: 1,
                                      parallel: false, vectorRows: false)
                    }
                    if let dxp {
                        GEMM.multiply(wp, transposeA: false, gm, transposeB: false, into: dCols, m: k, n: rows, k: filters,
                                      parallel: false, vectorRows: false)
                        Im2Col.col2imTransposed(dCols, g, samples: samples, into: dxp)
                    }
                    return
                }
                let gRows: UnsafePointer<Float>
                if let yc {
                    maskedCopy(gc, mask: yc, count: rows * filters, into: gm)
                    gRows = UnsafePointer(gm)
                } else {
                    gRows = gc
                }
                if dbp != nil { addColumnSums(gRows, rows: rows, filters: filters, into: dB) }
                if dwp != nil {
                    let colsRows = identity ? xp + samples.lowerBound * rowsPerSample * k : UnsafePointer(cols)
                    if !identity { Im2Col.im2col(xp, g, samples: samples, into: cols) }
                    GEMM.multiply(colsRows, transposeA: true, gRows, transposeB: false, into: dW, m: k, n: filters, k: rows, beta: 1,
                                      parallel: false)
                }
                if let dxp {
                    let target = identity ? dxp + samples.lowerBound * g.sampleSize : dCols
                    // kernelT is empty, its address possibly nil, only when K = 0: the product is then empty.
                    GEMM.multiply(gRows, transposeA: false, wtp ?? wp, transposeB: false, into: target, m: rows, n: k,
                                  k: filters, parallel: false)
                    if !identity { Im2Col.col2im(dCols, g, samples: samples, into: dxp) }
                }
            }
            for worker in 0..<workers {
                let partial = pp + worker * partialCount
                if let dwp { for i in 0..<(k * filters) { dwp[i] += partial[i] } }
                if let dbp { for f in 0..<filters { dbp[f] += partial[k * filters + f] } }
            }
          }
        }
    }

    /// `dst[i·stride] = act(src[i] + bias)` for `i < count`: one row of outᵀ into a column of out.
    @inline(__always)
    private static func transposeRow(_ src: UnsafePointer<Float>, count: Int, into dst: UnsafeMutablePointer<Float>,
                                     stride: Int, adding bias: Float, relu: Bool) {
        var i = 0
        // Four at a time with a branch-free select (a data-dependent branch mispredicts half the time).
        while i &+ 4 <= count {
            var v = UnsafeRawPointer(src + i).loadUnaligned(as: SIMD4<Float>.self) + bias
            if relu { v.replace(with: 0, where: v .<= 0) }
            let out = dst + i &* stride
            out[0] = v[0]; out[stride] = v[1]; out[2 &* stride] = v[2]; out[3 &* stride] = v[3]
            i &+= 4
        }
        while i < count {
            let v = src[i] + bias
            dst[i &* stride] = relu && v <= 0 ? 0 : v
            i &+= 1
        }
    }

    /// `dst[i] = src[i·stride]`, or 0 where `mask[i·stride]` is not positive, for `i < count`:
    /// one column of the gradient rows into a row of gᵀ.
    @inline(__always)
    private static func gatherColumn(_ src: UnsafePointer<Float>, stride: Int, mask: UnsafePointer<Float>?, count: Int,
                                     into dst: UnsafeMutablePointer<Float>) {
        var i = 0
        while i &+ 4 <= count {
            let o = i &* stride
            var v = SIMD4<Float>(src[o], src[o &+ stride], src[o &+ 2 &* stride], src[o &+ 3 &* stride])
            if let mask {
                let m = SIMD4<Float>(mask[o], mask[o &+ stride], mask[o &+ 2 &* stride], mask[o &+ 3 &* stride])
                v.replace(with: 0, where: .!(m .> 0))
            }
            UnsafeMutableRawPointer(dst + i).storeBytes(of: v, as: SIMD4<Float>.self)
            i &+= 4
        }
        while i < count {
            let o = i &* stride
            dst[i] = mask.map { $0[o] > 0 } ?? true ? src[o] : 0
            i &+= 1
        }
    }

    /// `out[r, f] = act(out[r, f] + bias[f])` over rows `[rows, filters]`, eight filters at a time.
    @inline(__always)
    private static func addBiasAndReLU(_ out: UnsafeMutablePointer<Float>, rows: Int, filters: Int,
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

    /// `sums[f] += Σ_r m[r, f]` over rows `[rows, filters]`: eight columns at a time, down the rows
    /// (the bias gradient of the convolution and of the transposed convolution).
    @inline(__always)
    static func addColumnSums(_ m: UnsafePointer<Float>, rows: Int, filters: Int, into sums: UnsafeMutablePointer<Float>) {
        var f = 0
        while f &+ 8 <= filters {
            var total = SIMD8<Float>()
            var p = m + f
            for _ in 0..<rows {
                total += UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
                p += filters
            }
            for lane in 0..<8 { sums[f &+ lane] += total[lane] }
            f &+= 8
        }
        while f < filters {
            var total: Float = 0
            for r in 0..<rows { total += m[r &* filters &+ f] }
            sums[f] += total
            f &+= 1
        }
    }

    /// `dst[i] = mask[i] > 0 ? src[i] : 0` for `i < count` (ReLU's pullback), branch-free.
    @inline(__always)
    private static func maskedCopy(_ src: UnsafePointer<Float>, mask: UnsafePointer<Float>, count: Int,
                                   into dst: UnsafeMutablePointer<Float>) {
        var i = 0
        while i &+ 8 <= count {
            var v = UnsafeRawPointer(src + i).loadUnaligned(as: SIMD8<Float>.self)
            let m = UnsafeRawPointer(mask + i).loadUnaligned(as: SIMD8<Float>.self)
            v.replace(with: 0, where: .!(m .> 0))
            UnsafeMutableRawPointer(dst + i).storeBytes(of: v, as: SIMD8<Float>.self)
            i &+= 8
        }
        while i < count { dst[i] = mask[i] > 0 ? src[i] : 0; i &+= 1 }
    }

    @inline(__always)
    private static func sum(_ p: UnsafePointer<Float>, _ count: Int) -> Float {
        var lanes = SIMD8<Float>()
        var i = 0
        while i + 8 <= count {
            lanes += UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<Float>.self)
            i += 8
        }
        var total = lanes.sum()
        while i < count { total += p[i]; i += 1 }
        return total
    }
}
