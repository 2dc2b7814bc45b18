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
        let (c, kw, w) = (g.channels, g.kernelWidth, g.width)
        let rowsPerSample = g.outputHeight * g.outputWidth
        let minimum = g.parallelMinimumSamples(workPerSample: rowsPerSample * g.patchSize)
        Parallel.forRanges(g.batch, minimumCount: minimum) { first, last in
            for n in first..<last {
                let sample = xp + n * g.sampleSize
                for oh in 0..<g.outputHeight {
                    let rowsValid = g.validKernelRows(oh)
                    let ihStart = oh * g.strideHeight - g.padTop
                    for ow in 0..<g.outputWidth {
                        let row = cp + ((n * g.outputHeight + oh) * g.outputWidth + ow) * g.patchSize
                        let colsValid = g.validKernelColumns(ow)
                        let iwStart = ow * g.strideWidth - g.padLeft
                        for kh in 0..<g.kernelHeight {
                            let dst = row + kh * kw * c
                            guard rowsValid.contains(kh) else { dst.update(repeating: 0, count: kw * c); continue }
                            // Consecutive kw read consecutive input columns: one contiguous copy.
                            dst.update(repeating: 0, count: colsValid.lowerBound * c)
                            let src = sample + ((ihStart + kh) * w + iwStart + colsValid.lowerBound) * c
                            (dst + colsValid.lowerBound * c).update(from: src, count: colsValid.count * c)
                            (dst + colsValid.upperBound * c).update(repeating: 0, count: (kw - colsValid.upperBound) * c)
                        }
                    }
                }
            }
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
        let (c, kw, w) = (g.channels, g.kernelWidth, g.width)
        let rowsPerSample = g.outputHeight * g.outputWidth
        let minimum = g.parallelMinimumSamples(workPerSample: rowsPerSample * g.patchSize)
        // Each sample writes only its own image, so splitting over the batch needs no locks.
        Parallel.forRanges(g.batch, minimumCount: minimum) { first, last in
            for n in first..<last {
                let sample = xp + n * g.sampleSize
                sample.update(repeating: 0, count: g.sampleSize)
                for oh in 0..<g.outputHeight {
                    let rowsValid = g.validKernelRows(oh)
                    let ihStart = oh * g.strideHeight - g.padTop
                    for ow in 0..<g.outputWidth {
                        let row = cp + ((n * g.outputHeight + oh) * g.outputWidth + ow) * g.patchSize
                        let colsValid = g.validKernelColumns(ow)
                        let iwStart = ow * g.strideWidth - g.padLeft
                        for kh in rowsValid {
                            let src = row + (kh * kw + colsValid.lowerBound) * c
                            let dst = sample + ((ihStart + kh) * w + iwStart + colsValid.lowerBound) * c
                            for i in 0..<(colsValid.count * c) { dst[i] += src[i] }
                        }
                    }
                }
            }
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
