// Shapes: input x [N, H, W, C] (NHWC) ⇄ cols [N·OH·OW, KH·KW·C].
// Row r = (n·OH + oh)·OW + ow is one output position; column (kh·KW + kw)·C + c is one cell of its
// window, the order of a Keras kernel [KH, KW, C, F] reshaped to [KH·KW·C, F]. Cells in the
// padding are zero in cols. im2col gathers the whole mini-batch at once so that a convolution is
// one GEMM; col2im is its adjoint (it accumulates overlapping windows).

/// im2col and col2im over a whole NHWC mini-batch, with naive references for tests.
public enum Im2Col {
    /// Gathers every window of `x` into rows of `cols`.
    /// Shapes: x `[N, H, W, C]` → cols `[N·OH·OW, KH·KW·C]` (fully written, padding as zeros).
    public static func im2col(_ x: UnsafeBufferPointer<Float>, _ g: WindowGeometry,
                              into cols: UnsafeMutableBufferPointer<Float>) {
        precondition(x.count == g.batch * g.sampleSize && cols.count == g.outputPositions * g.patchSize,
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
    public static func col2im(_ cols: UnsafeBufferPointer<Float>, _ g: WindowGeometry,
                              into x: UnsafeMutableBufferPointer<Float>) {
        precondition(x.count == g.batch * g.sampleSize && cols.count == g.outputPositions * g.patchSize,
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
                            guard rowsValid.contains(kh) else { dst.update(repeating: 0, count: rowLength); continue }
                            copy(sample + ((ihStart + kh) * w + iwStart) * c, to: dst, count: rowLength)
                        }
                    } else {
                        for kh in 0..<g.kernelHeight {
                            let dst = row + kh * rowLength
                            guard rowsValid.contains(kh) else { dst.update(repeating: 0, count: rowLength); continue }
                            dst.update(repeating: 0, count: colsValid.lowerBound * c)
                            let src = sample + ((ihStart + kh) * w + iwStart + colsValid.lowerBound) * c
                            copy(src, to: dst + colsValid.lowerBound * c, count: colsValid.count * c)
                            (dst + colsValid.upperBound * c).update(repeating: 0, count: (kw - colsValid.upperBound) * c)
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
        let (c, sw) = (g.channels, g.strideWidth)
        let positions = g.outputHeight * g.outputWidth
        let rows = samples.count * positions
        for kh in 0..<g.kernelHeight {
            for kw in 0..<g.kernelWidth {
                let span = g.validOutputColumns(kw)
                for ch in 0..<c {
                    var dst = colsT + ((kh * g.kernelWidth + kw) * c + ch) * rows
                    for n in samples {
                        let sample = x + n * g.sampleSize
                        for oh in 0..<g.outputHeight {
                            let ih = oh * g.strideHeight - g.padTop + kh
                            guard ih >= 0, ih < g.height, !span.isEmpty else {
                                dst.update(repeating: 0, count: g.outputWidth)
                                dst += g.outputWidth
                                continue
                            }
                            dst.update(repeating: 0, count: span.lowerBound)
                            // Input column of output column ow: ow·sw − padLeft + kw.
                            let src = sample + (ih * g.width + span.lowerBound * sw - g.padLeft + kw) * c + ch
                            if sw * c == 1 {
                                copy(src, to: dst + span.lowerBound, count: span.count)
                            } else {
                                let step = sw * c
                                for i in 0..<span.count { dst[span.lowerBound + i] = src[i * step] }
                            }
                            (dst + span.upperBound).update(repeating: 0, count: g.outputWidth - span.upperBound)
                            dst += g.outputWidth
                        }
                    }
                }
            }
        }
    }

    /// The adjoint of `im2colTransposed`: colsT `[KH·KW·C, R]` → the samples `samples` of x
    /// `[N, H, W, C]` (overwritten), on the calling thread.
    static func col2imTransposed(_ colsT: UnsafePointer<Float>, _ g: WindowGeometry, samples: Range<Int>,
                                 into x: UnsafeMutablePointer<Float>) {
        let (c, sw) = (g.channels, g.strideWidth)
        let positions = g.outputHeight * g.outputWidth
        let rows = samples.count * positions
        (x + samples.lowerBound * g.sampleSize).update(repeating: 0, count: samples.count * g.sampleSize)
        for kh in 0..<g.kernelHeight {
            for kw in 0..<g.kernelWidth {
                let span = g.validOutputColumns(kw)
                guard !span.isEmpty else { continue }
                for ch in 0..<c {
                    var src = colsT + ((kh * g.kernelWidth + kw) * c + ch) * rows
                    for n in samples {
                        let sample = x + n * g.sampleSize
                        for oh in 0..<g.outputHeight {
                            defer { src += g.outputWidth }
                            let ih = oh * g.strideHeight - g.padTop + kh
                            guard ih >= 0, ih < g.height else { continue }
                            let dst = sample + (ih * g.width + span.lowerBound * sw - g.padLeft + kw) * c + ch
                            let from = src + span.lowerBound
                            if sw * c == 1 {
                                for i in 0..<span.count { dst[i] += from[i] }
                            } else {
                                let step = sw * c
                                for i in 0..<span.count { dst[i * step] += from[i] }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Copies `count` scalars; short runs (a kernel row of a few channels) skip the `memmove` call.
    @inline(__always)
    private static func copy(_ src: UnsafePointer<Float>, to dst: UnsafeMutablePointer<Float>, count: Int) {
        if count <= 16 {
            for i in 0..<count { dst[i] = src[i] }
        } else {
            dst.update(from: src, count: count)
        }
    }

    /// Naive reference of `im2col`: one bounds check per scalar. Same shapes.
    public static func referenceIm2col(_ x: [Float], _ g: WindowGeometry) -> [Float] {
        var cols = [Float](repeating: 0, count: g.outputPositions * g.patchSize)
        forEachCell(g) { colIndex, xIndex in cols[colIndex] = x[xIndex] }
        return cols
    }

    /// Naive reference of `col2im`: one bounds check per scalar. Same shapes.
    public static func referenceCol2im(_ cols: [Float], _ g: WindowGeometry) -> [Float] {
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
