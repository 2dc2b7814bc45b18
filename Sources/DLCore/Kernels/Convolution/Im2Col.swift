// Shapes: input x [N, H, W, C] (NHWC) ⇄ cols [N·OH·OW, KH·KW·C].
// Row r = (n·OH + oh)·OW + ow is one output position; column (kh·KW + kw)·C + c is one cell of its
// window, the order of a Keras kernel [KH, KW, C, F] reshaped to [KH·KW·C, F]. Cells in the
// padding are zero in cols. im2col gathers the whole mini-batch at once so that a convolution is
// one GEMM; col2im is its adjoint (it accumulates overlapping windows).

/// im2col and col2im over a whole NHWC mini-batch, with naive references for tests.
package enum Im2Col {
    /// Gathers every window of `x` into rows of `cols`.
    /// Shapes: x `[N, H, W, C]` → cols `[N·OH·OW, KH·KW·C]` (fully written, padding as zeros).
    package static func im2col(_ x: UnsafeBufferPointer<Float>, _ g: WindowGeometry,
                              into cols: UnsafeMutableBufferPointer<Float>) {
        check(x.count == g.batch * g.sampleSize && cols.count == g.outputPositions * g.patchSize,
              "im2col: buffers of \(x.count) and \(cols.count) scalars do not fit \(g)")
        guard let xp = x.baseAddress, let cp = cols.baseAddress, g.outputPositions > 0, g.patchSize > 0 else { return }
        let rowsPerSample = g.outputHeight * g.outputWidth
        let minimum = g.parallelMinimumSamples(workPerSample: rowsPerSample * g.patchSize)
        Parallel.forRanges(g.batch, minimumCount: minimum) { first, last in
            im2col(xp, g, samples: first..<last, into: cp + first * rowsPerSample * g.patchSize)
        }
    }

    /// Scatters rows of `cols` back onto the input, summing where windows overlap (the adjoint of
    /// `im2col`; padding cells are dropped). Shapes: cols `[N·OH·OW, KH·KW·C]` → x `[N, H, W, C]`
    /// (overwritten, not accumulated into).
    package static func col2im(_ cols: UnsafeBufferPointer<Float>, _ g: WindowGeometry,
                              into x: UnsafeMutableBufferPointer<Float>) {
        check(x.count == g.batch * g.sampleSize && cols.count == g.outputPositions * g.patchSize,
              "col2im: buffers of \(cols.count) and \(x.count) scalars do not fit \(g)")
        guard let xp = x.baseAddress, let cp = cols.baseAddress else { return }
        let rowsPerSample = g.outputHeight * g.outputWidth
        let minimum = g.parallelMinimumSamples(workPerSample: rowsPerSample * g.patchSize)
        // Each sample writes only its own image, so splitting over the batch needs no locks.
        Parallel.forRanges(g.batch, minimumCount: minimum) { first, last in
            col2im(cp + first * rowsPerSample * g.patchSize, g, samples: first..<last, into: xp)
        }
    }

    /// `im2col` of the samples `samples` only, on the calling thread: `cols` points at the first
    /// row of `samples.lowerBound` (`samples.count·OH·OW` rows of `KH·KW·C` are written); `x` is the
    /// whole batch.
    static func im2col(_ x: UnsafePointer<Float>, _ g: WindowGeometry, samples: Range<Int>,
                       into cols: UnsafeMutablePointer<Float>) {
        let (c, kw, w) = (g.channels, g.kernelWidth, g.width)
        let rowLength = kw * c
        for n in samples {
            let sample = x + n * g.sampleSize
            var row = cols + (n - samples.lowerBound) * g.outputHeight * g.outputWidth * g.patchSize
            for oh in 0..<g.outputHeight {
                let rowsValid = g.validKernelRows(oh)
                let ihStart = oh * g.strideHeight - g.padTop
                for ow in 0..<g.outputWidth {
                    let colsValid = g.validKernelColumns(ow)
                    let iwStart = ow * g.strideWidth - g.padLeft
                    if colsValid.count == kw {
                        // An interior window: each kernel row is one contiguous run of KW·C scalars.
                        for kh in 0..<g.kernelHeight {
                            let dst = row + kh * rowLength
                            guard rowsValid.contains(kh) else { zero(dst, count: rowLength); continue }
                            copy(sample + ((ihStart + kh) * w + iwStart) * c, to: dst, count: rowLength)
                        }
                    } else {
                        for kh in 0..<g.kernelHeight {
                            let dst = row + kh * rowLength
                            guard rowsValid.contains(kh) else { zero(dst, count: rowLength); continue }
                            zero(dst, count: colsValid.lowerBound * c)
                            let src = sample + ((ihStart + kh) * w + iwStart + colsValid.lowerBound) * c
                            copy(src, to: dst + colsValid.lowerBound * c, count: colsValid.count * c)
                            zero(dst + colsValid.upperBound * c, count: (kw - colsValid.upperBound) * c)
                        }
                    }
                    row += g.patchSize
                }
            }
        }
    }

    /// `col2im` of the samples `samples` only, on the calling thread: `cols` points at the first
    /// row of `samples.lowerBound`; those samples of `x` (the whole batch) are overwritten.
    static func col2im(_ cols: UnsafePointer<Float>, _ g: WindowGeometry, samples: Range<Int>,
                       into x: UnsafeMutablePointer<Float>) {
        let (c, kw, w) = (g.channels, g.kernelWidth, g.width)
        for n in samples {
            let sample = x + n * g.sampleSize
            sample.update(repeating: 0, count: g.sampleSize)
            var row = cols + (n - samples.lowerBound) * g.outputHeight * g.outputWidth * g.patchSize
            for oh in 0..<g.outputHeight {
                let rowsValid = g.validKernelRows(oh)
                let ihStart = oh * g.strideHeight - g.padTop
                for ow in 0..<g.outputWidth {
                    let colsValid = g.validKernelColumns(ow)
                    let iwStart = ow * g.strideWidth - g.padLeft
                    let count = colsValid.count * c
                    for kh in rowsValid {
                        let src = row + (kh * kw + colsValid.lowerBound) * c
                        let dst = sample + ((ihStart + kh) * w + iwStart + colsValid.lowerBound) * c
                        for i in 0..<count { dst[i] += src[i] }
                    }
                    row += g.patchSize
                }
            }
        }
    }

    /// The transposed im2col matrix of the samples `samples`, on the calling thread.
    /// Shapes: x `[N, H, W, C]` (the whole batch) → colsT `[KH·KW·C, R]` with `R = samples.count·OH·OW`
    /// (row `(kh·KW + kw)·C + c` holds that window cell for every output position of the samples).
    static func im2colTransposed(_ x: UnsafePointer<Float>, _ g: WindowGeometry, samples: Range<Int>,
                                 into colsT: UnsafeMutablePointer<Float>) {
        let (c, sw, ow) = (g.channels, g.strideWidth, g.outputWidth)
        let rows = samples.count * g.outputHeight * ow
        for kh in 0..<g.kernelHeight {
            let validRows = g.validOutputRows(kh)
            for kw in 0..<g.kernelWidth {
                let span = g.validOutputColumns(kw)
                // Input offset (within a sample, channel 0) of output (oh, span.lowerBound)'s cell.
                let firstColumn = span.lowerBound * sw - g.padLeft + kw
                for ch in 0..<c {
                    var dst = colsT + ((kh * g.kernelWidth + kw) * c + ch) * rows
                    for n in samples {
                        zero(dst, count: validRows.lowerBound * ow)
                        dst += validRows.lowerBound * ow
                        guard !span.isEmpty else {
                            zero(dst, count: (g.outputHeight - validRows.lowerBound) * ow)
                            dst += (g.outputHeight - validRows.lowerBound) * ow
                            continue
                        }
                        // Output row oh reads input row oh·sh − padTop + kh, from column firstColumn on.
                        var src = x + n * g.sampleSize + ch
                            + ((validRows.lowerBound * g.strideHeight - g.padTop + kh) * g.width + firstColumn) * c
                        let (lead, count, trail) = (span.lowerBound, span.count, ow - span.upperBound)
                        let (step, rowStep) = (sw * c, g.strideHeight * g.width * c)
                        for _ in validRows {
                            zero(dst, count: lead)
                            if step == 1 {
                                copy(src, to: dst + lead, count: count)
                            } else {
                                for i in 0..<count { dst[lead &+ i] = src[i &* step] }
                            }
                            zero(dst + (lead &+ count), count: trail)
                            dst += ow
                            src += rowStep
                        }
                        zero(dst, count: (g.outputHeight - validRows.upperBound) * ow)
                        dst += (g.outputHeight - validRows.upperBound) * ow
                    }
                }
            }
        }
    }

    /// The adjoint of `im2colTransposed`: colsT `[KH·KW·C, R]` → the samples `samples` of x
    /// `[N, H, W, C]` (overwritten), on the calling thread.
    static func col2imTransposed(_ colsT: UnsafePointer<Float>, _ g: WindowGeometry, samples: Range<Int>,
                                 into x: UnsafeMutablePointer<Float>) {
        let (c, sw, ow) = (g.channels, g.strideWidth, g.outputWidth)
        let positions = g.outputHeight * ow
        let rows = samples.count * positions
        (x + samples.lowerBound * g.sampleSize).update(repeating: 0, count: samples.count * g.sampleSize)
        for kh in 0..<g.kernelHeight {
            let validRows = g.validOutputRows(kh)
            for kw in 0..<g.kernelWidth {
                let span = g.validOutputColumns(kw)
                guard !span.isEmpty else { continue }
                let firstColumn = span.lowerBound * sw - g.padLeft + kw
                for ch in 0..<c {
                    let plane = colsT + ((kh * g.kernelWidth + kw) * c + ch) * rows
                    for n in samples {
                        let sample = x + n * g.sampleSize + ch
                        for oh in validRows {
                            let src = plane + ((n - samples.lowerBound) * g.outputHeight + oh) * ow + span.lowerBound
                            let dst = sample + ((oh * g.strideHeight - g.padTop + kh) * g.width + firstColumn) * c
                            if sw * c == 1 {
                                for i in 0..<span.count { dst[i] += src[i] }
                            } else {
                                let step = sw * c
                                for i in 0..<span.count { dst[i &* step] += src[i] }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Copies `count` scalars. Runs here are short (a kernel row of a few channels, an output row),
    /// where a `memmove` call costs more than the copy: eight lanes at a time, inline.
    @inline(__always)
    private static func copy(_ src: UnsafePointer<Float>, to dst: UnsafeMutablePointer<Float>, count: Int) {
        guard count >= 8 else {
            if count >= 4 {
                // 4 to 7 (a 5×5 window's row on one channel): two vectors, overlapping in the middle.
                copy4(src, dst)
                copy4(src + (count &- 4), dst + (count &- 4))
                return
            }
            for i in 0..<count { dst[i] = src[i] }
            return
        }
        var i = 0
        while i &+ 8 <= count {
            copy8(src + i, dst + i)
            i &+= 8
        }
        // The last few: one more vector ending at `count`, overlapping scalars already copied.
        if i < count { copy8(src + (count &- 8), dst + (count &- 8)) }
    }

    @inline(__always)
    private static func copy4(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(dst).storeBytes(of: UnsafeRawPointer(src).loadUnaligned(as: SIMD4<Float>.self), as: SIMD4<Float>.self)
    }

    @inline(__always)
    private static func copy8(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(dst).storeBytes(of: UnsafeRawPointer(src).loadUnaligned(as: SIMD8<Float>.self), as: SIMD8<Float>.self)
    }

    /// Zeroes `count` scalars. Padding runs are a few cells, for which a `memset` call (what a loop
    /// would compile to) costs more than the stores.
    @inline(__always)
    private static func zero(_ dst: UnsafeMutablePointer<Float>, count: Int) {
        switch count {
        case 0: return
        case 1: dst[0] = 0
        case 2: dst[0] = 0; dst[1] = 0
        case 3: dst[0] = 0; dst[1] = 0; dst[2] = 0
        case 4: UnsafeMutableRawPointer(dst).storeBytes(of: SIMD4<Float>(), as: SIMD4<Float>.self)
        default: dst.update(repeating: 0, count: count)
        }
    }

    /// Naive reference of `im2col`: one bounds check per scalar. Same shapes.
    package static func referenceIm2col(_ x: [Float], _ g: WindowGeometry) -> [Float] {
        var cols = [Float](repeating: 0, count: g.outputPositions * g.patchSize)
        forEachCell(g) { colIndex, xIndex in cols[colIndex] = x[xIndex] }
        return cols
    }

    /// Naive reference of `col2im`: one bounds check per scalar. Same shapes.
    package static func referenceCol2im(_ cols: [Float], _ g: WindowGeometry) -> [Float] {
        var x = [Float](repeating: 0, count: g.batch * g.sampleSize)
        forEachCell(g) { colIndex, xIndex in x[xIndex] += cols[colIndex] }
        return x
    }

    /// Calls `body(colsIndex, xIndex)` for every window cell that lies inside the input.
    private static func forEachCell(_ g: WindowGeometry, _ body: (Int, Int) -> Void) {
        for n in 0..<g.batch {
            for oh in 0..<g.outputHeight {
                for ow in 0..<g.outputWidth {
                    let row = (n * g.outputHeight + oh) * g.outputWidth + ow
                    for kh in 0..<g.kernelHeight {
                        for kw in 0..<g.kernelWidth {
                            let ih = oh * g.strideHeight - g.padTop + kh
                            let iw = ow * g.strideWidth - g.padLeft + kw
                            guard ih >= 0, ih < g.height, iw >= 0, iw < g.width else { continue }
                            for ch in 0..<g.channels {
                                body(row * g.patchSize + (kh * g.kernelWidth + kw) * g.channels + ch,
                                     ((n * g.height + ih) * g.width + iw) * g.channels + ch)
                            }
                        }
                    }
                }
            }
        }
    }
}
