// Shapes: x [N, H, W, C] (NHWC), kernel [KH, KW, C, M] read as [KH·KW, C·M], bias [C·M],
// out [N, OH, OW, C·M] with output channel c·M + m (TensorFlow's and Keras's order).
//
// A depthwise convolution is no GEMM: each channel meets only its own M kernel columns. The kernels
// here are direct and channels-last, vectorized across the C·M channels of one pixel (SIMD8): one
// window cell adds `x[pixel, c·M + m] · k[cell, c·M + m]` for every channel at once. With M > 1
// an input row is first expanded once to [W, C·M] (each channel repeated M times), so that the
// same loop serves every multiplier; dx is then accumulated in that layout and summed over m.
//
// Work is split over the workers without changing the arithmetic:
//  - forward: by output rows (n, oh), each output scalar summed by one worker in the order kh, kw;
//  - dx: by input rows (n, ih), gathering from the output rows that read them, in the order kh, kw, ow;
//  - dKernel, dBias: the output rows are cut into `reductionChunks` fixed chunks (a number that does not
//    depend on the workers), each summed into its own partial, and the partials added in chunk order.
// So results are bit-identical from run to run and from one machine to another.

/// Direct, vectorized depthwise convolution kernels (forward, dx, dKernel, dBias), with naive
/// references in `DepthwiseKernels+Reference.swift`.
package enum DepthwiseKernels {
    /// The number of partial sums dKernel and dBias are reduced from (fixed, so results do not depend on the workers).
    static let reductionChunks = 16

    /// Depthwise convolution forward: `out[n, oh, ow, c·M + m] = bias[c·M + m] + Σ x[n, ih, iw, c] · k[kh, kw, c, m]`.
    /// Shapes: x `[N, H, W, C]`, kernel `[KH, KW, C, M]`, bias `[C·M]` → out `[N, OH, OW, C·M]` (overwritten).
    package static func forward(_ x: UnsafeBufferPointer<Float>, kernel: UnsafeBufferPointer<Float>,
                               bias: UnsafeBufferPointer<Float>?, _ g: WindowGeometry, multiplier: Int,
                               into out: UnsafeMutableBufferPointer<Float>) {
        let cm = g.channels * multiplier
        check(multiplier >= 1 && x.count == g.batch * g.sampleSize && kernel.count == g.kernelHeight * g.kernelWidth * cm
              && out.count == g.outputPositions * cm && (bias?.count ?? cm) == cm,
              "DepthwiseKernels.forward: buffers of \(x.count), \(kernel.count), \(out.count) scalars do not fit \(g) with multiplier \(multiplier)")
        guard let op = out.baseAddress, let xp = x.baseAddress, let kp = kernel.baseAddress, cm > 0 else { return }
        let bp = bias?.baseAddress
        let rowWork = g.outputWidth * g.kernelHeight * g.kernelWidth * cm
        Parallel.forRanges(g.batch * g.outputHeight, minimumCount: minimumRows(rowWork)) { first, end in
            let expanded = multiplier > 1 ? UnsafeMutablePointer<Float>.allocate(capacity: g.width * cm) : nil
            defer { expanded?.deallocate() }
            for row in first..<end {
                let n = row / g.outputHeight, oh = row % g.outputHeight
                let o = op + row * g.outputWidth * cm
                for ow in 0..<g.outputWidth {
                    if let bp { (o + ow * cm).update(from: bp, count: cm) } else { (o + ow * cm).update(repeating: 0, count: cm) }
                }
                for kh in g.validKernelRows(oh) {
                    let ih = oh * g.strideHeight - g.padTop + kh
                    let xr = inputRow(xp + (n * g.height + ih) * g.width * g.channels, g, multiplier: multiplier, scratch: expanded)
                    for kw in 0..<g.kernelWidth {
                        let cell = kp + (kh * g.kernelWidth + kw) * cm
                        for ow in g.validOutputColumns(kw) {
                            multiplyAdd(xr + (ow * g.strideWidth - g.padLeft + kw) * cm, cell, into: o + ow * cm, count: cm)
                        }
                    }
                }
            }
        }
    }

    /// The input gradient: `dx[n, ih, iw, c] = Σ grad[n, oh, ow, c·M + m] · k[kh, kw, c, m]` over the
    /// outputs whose window reads `(ih, iw)`. Shapes: grad `[N, OH, OW, C·M]`, kernel `[KH, KW, C, M]` → dx `[N, H, W, C]` (overwritten).
    package static func inputGradient(_ grad: UnsafeBufferPointer<Float>, kernel: UnsafeBufferPointer<Float>,
                                     _ g: WindowGeometry, multiplier: Int, into dx: UnsafeMutableBufferPointer<Float>) {
        let cm = g.channels * multiplier
        check(multiplier >= 1 && grad.count == g.outputPositions * cm && kernel.count == g.kernelHeight * g.kernelWidth * cm
              && dx.count == g.batch * g.sampleSize,
              "DepthwiseKernels.inputGradient: buffers of \(grad.count), \(kernel.count), \(dx.count) scalars do not fit \(g) with multiplier \(multiplier)")
        guard let dp = dx.baseAddress, cm > 0 else { return }
        guard let gp = grad.baseAddress, let kp = kernel.baseAddress else { dx.update(repeating: 0); return }
        let rowWork = g.width * g.kernelHeight * g.kernelWidth * cm
        Parallel.forRanges(g.batch * g.height, minimumCount: minimumRows(rowWork)) { first, end in
            let expanded = multiplier > 1 ? UnsafeMutablePointer<Float>.allocate(capacity: g.width * cm) : nil
            defer { expanded?.deallocate() }
            for row in first..<end {
                let n = row / g.height, ih = row % g.height
                let d = dp + row * g.width * g.channels
                let target = expanded ?? d
                target.update(repeating: 0, count: g.width * cm)
                for kh in 0..<g.kernelHeight {
                    let t = ih + g.padTop - kh
                    guard t >= 0, t % g.strideHeight == 0, t / g.strideHeight < g.outputHeight else { continue }
                    let gr = gp + (n * g.outputHeight + t / g.strideHeight) * g.outputWidth * cm
                    for kw in 0..<g.kernelWidth {
                        let cell = kp + (kh * g.kernelWidth + kw) * cm
                        for ow in g.validOutputColumns(kw) {
                            multiplyAdd(gr + ow * cm, cell, into: target + (ow * g.strideWidth - g.padLeft + kw) * cm, count: cm)
                        }
                    }
                }
                if let expanded {
                    for pixel in 0..<(g.width * g.channels) {
                        let e = expanded + pixel * multiplier
                        var total: Float = 0
                        for m in 0..<multiplier { total += e[m] }
                        d[pixel] = total
                    }
                }
            }
        }
    }

    /// The kernel and bias gradients: `dKernel[kh, kw, c, m] = Σ grad[n, oh, ow, c·M + m] · x[n, ih, iw, c]`,
    /// `dBias = Σ grad` over the output positions (each may be nil when not needed).
    /// Shapes: grad `[N, OH, OW, C·M]`, x `[N, H, W, C]` → dKernel `[KH, KW, C, M]`, dBias `[C·M]` (overwritten).
    package static func weightGradients(_ grad: UnsafeBufferPointer<Float>, x: UnsafeBufferPointer<Float>, _ g: WindowGeometry,
                                       multiplier: Int, dKernel: UnsafeMutableBufferPointer<Float>?,
                                       dBias: UnsafeMutableBufferPointer<Float>?) {
        let cm = g.channels * multiplier, kernelCount = g.kernelHeight * g.kernelWidth * cm
        check(multiplier >= 1 && grad.count == g.outputPositions * cm && x.count == g.batch * g.sampleSize
              && (dKernel?.count ?? kernelCount) == kernelCount && (dBias?.count ?? cm) == cm,
              "DepthwiseKernels.weightGradients: buffers of \(grad.count), \(x.count) scalars do not fit \(g) with multiplier \(multiplier)")
        dKernel?.update(repeating: 0)
        dBias?.update(repeating: 0)
        let rows = g.batch * g.outputHeight
        guard rows > 0, cm > 0, dKernel != nil || dBias != nil, let gp = grad.baseAddress, let xp = x.baseAddress else { return }
        let chunks = Swift.min(rows, reductionChunks), stride = kernelCount + cm
        let partials = UnsafeMutablePointer<Float>.allocate(capacity: chunks * stride)
        partials.initialize(repeating: 0, count: chunks * stride)
        defer { partials.deallocate() }
        let wantKernel = dKernel != nil, wantBias = dBias != nil
        let chunk = { (index: Int) in
            let pk = partials + index * stride, pb = pk + kernelCount
            let expanded = multiplier > 1 ? UnsafeMutablePointer<Float>.allocate(capacity: g.width * cm) : nil
            defer { expanded?.deallocate() }
            for row in (index * rows / chunks)..<((index + 1) * rows / chunks) {
                let n = row / g.outputHeight, oh = row % g.outputHeight
                let gr = gp + row * g.outputWidth * cm
                if wantBias { for ow in 0..<g.outputWidth { add(gr + ow * cm, into: pb, count: cm) } }
                guard wantKernel else { continue }
                for kh in g.validKernelRows(oh) {
                    let ih = oh * g.strideHeight - g.padTop + kh
                    let xr = inputRow(xp + (n * g.height + ih) * g.width * g.channels, g, multiplier: multiplier, scratch: expanded)
                    for kw in 0..<g.kernelWidth {
                        let cell = pk + (kh * g.kernelWidth + kw) * cm
                        for ow in g.validOutputColumns(kw) {
                            multiplyAdd(gr + ow * cm, xr + (ow * g.strideWidth - g.padLeft + kw) * cm, into: cell, count: cm)
                        }
                    }
                }
            }
        }
        if rows * g.outputWidth * g.kernelHeight * g.kernelWidth * cm >= Parallel.minimumParallelCount {
            Parallel.run(chunks, chunk)
        } else {
            for index in 0..<chunks { chunk(index) }
        }
        for index in 0..<chunks {
            if let dk = dKernel?.baseAddress { add(partials + index * stride, into: dk, count: kernelCount) }
            if let db = dBias?.baseAddress { add(partials + index * stride + kernelCount, into: db, count: cm) }
        }
    }

    // MARK: - Helpers

    /// The `minimumCount` of rows for `Parallel.forRanges`, so that only enough total work is split.
    private static func minimumRows(_ rowWork: Int) -> Int { Swift.max(2, Parallel.minimumParallelCount / Swift.max(rowWork, 1)) }

    /// The input row at `x` (`[W, C]`) in the `[W, C·M]` layout: itself when M = 1, otherwise each
    /// channel repeated M times into `scratch`.
    @inline(__always)
    private static func inputRow(_ x: UnsafePointer<Float>, _ g: WindowGeometry, multiplier: Int,
                                 scratch: UnsafeMutablePointer<Float>?) -> UnsafePointer<Float> {
        guard let scratch else { return x }
        for pixel in 0..<(g.width * g.channels) {
            (scratch + pixel * multiplier).update(repeating: x[pixel], count: multiplier)
        }
        return UnsafePointer(scratch)
    }

    /// `o[j] += a[j] · b[j]` for `j < count`, eight lanes at a time.
    @inline(__always)
    static func multiplyAdd(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, into o: UnsafeMutablePointer<Float>, count: Int) {
        var j = 0
        while j &+ 8 <= count {
            let v = UnsafeRawPointer(o + j).loadUnaligned(as: SIMD8<Float>.self)
                + UnsafeRawPointer(a + j).loadUnaligned(as: SIMD8<Float>.self) * UnsafeRawPointer(b + j).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(o + j).storeBytes(of: v, as: SIMD8<Float>.self)
            j &+= 8
        }
        while j < count {
            o[j] += a[j] * b[j]
            j &+= 1
        }
    }

    /// `o[j] += a[j]` for `j < count`, eight lanes at a time.
    @inline(__always)
    static func add(_ a: UnsafePointer<Float>, into o: UnsafeMutablePointer<Float>, count: Int) {
        var j = 0
        while j &+ 8 <= count {
            let v = UnsafeRawPointer(o + j).loadUnaligned(as: SIMD8<Float>.self) + UnsafeRawPointer(a + j).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(o + j).storeBytes(of: v, as: SIMD8<Float>.self)
            j &+= 8
        }
        while j < count {
            o[j] += a[j]
            j &+= 1
        }
    }
}
