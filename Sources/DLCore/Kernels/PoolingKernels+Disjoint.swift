// Max pooling with disjoint windows that lie inside the input (pool size = strides, no padding
// cell in any window: Keras's default MaxPooling2D(2) with 'valid', or 'same' on even sizes).
// Shapes: x [N, H, W, C] → out [N, OH, OW, C]. No argmax is kept: the backward pass finds each
// window's winner again by comparing its cells with the output (the first cell equal to it, in
// kh-then-kw order, or the first NaN when the output is NaN: the cell the forward pass kept).
// Vectors run along the channels, eight or four at a time, with branch-free selects.

extension PoolingKernels {
    /// Whether `g`'s windows are disjoint and free of padding, so the `disjoint` kernels apply.
    public static func hasDisjointWindows(_ g: WindowGeometry) -> Bool {
        g.kernelHeight == g.strideHeight && g.kernelWidth == g.strideWidth && g.padTop == 0 && g.padLeft == 0
            && g.outputHeight * g.strideHeight <= g.height && g.outputWidth * g.strideWidth <= g.width
    }

    /// Max pooling forward over disjoint windows. Shapes: x `[N, H, W, C]` → out `[N, OH, OW, C]`.
    /// - Precondition: `hasDisjointWindows(g)`.
    public static func maxPoolDisjoint(_ x: UnsafeBufferPointer<Float>, _ g: WindowGeometry,
                                       into out: UnsafeMutableBufferPointer<Float>) {
        precondition(hasDisjointWindows(g) && x.count == g.batch * g.sampleSize && out.count == g.outputPositions * g.channels,
                     "maxPoolDisjoint: buffers of \(x.count) and \(out.count) scalars do not fit \(g) with disjoint windows")
        guard let xp = x.baseAddress, let op = out.baseAddress, g.channels > 0 else { return }
        let c = g.channels, rowStride = g.width * c
        forEachWindow(g) { cell, o, wide in
            for lane in stride(from: 0, to: c, by: 8) {
                let count = Swift.min(8, c - lane)
                var best = load8(xp + cell + lane, count, wide: wide)
                for kh in 0..<g.kernelHeight {
                    for kw in 0..<g.kernelWidth where kh + kw > 0 {
                        let v = load8(xp + cell + kh * rowStride + kw * c + lane, count, wide: wide)
                        best.replace(with: v, where: (v .> best) .| ((v .!= v) .& (best .== best)))
                    }
                }
                store8(best, op + o + lane, count, wide: wide)
            }
        }
    }

    /// Max pooling backward over disjoint windows: each window's output gradient goes to its
    /// winner, found by comparing x with out. Shapes: grad, out `[N, OH, OW, C]`, x `[N, H, W, C]`
    /// → dx `[N, H, W, C]` (overwritten; cells outside every window get 0).
    /// - Precondition: `hasDisjointWindows(g)`, and `out` is `maxPoolDisjoint` of `x`.
    public static func maxPoolDisjointBackward(_ grad: UnsafeBufferPointer<Float>, x: UnsafeBufferPointer<Float>,
                                               out: UnsafeBufferPointer<Float>, _ g: WindowGeometry,
                                               into dx: UnsafeMutableBufferPointer<Float>) {
        precondition(hasDisjointWindows(g) && x.count == dx.count && x.count == g.batch * g.sampleSize
                     && grad.count == g.outputPositions * g.channels && out.count == grad.count,
                     "maxPoolDisjointBackward: buffers do not fit \(g) with disjoint windows")
        guard let gp = grad.baseAddress, let xp = x.baseAddress, let yp = out.baseAddress, let dp = dx.baseAddress else { return }
        let c = g.channels
        // Windows cover all but the last H mod KH rows and W mod KW columns: zero those first.
        if g.outputHeight * g.strideHeight != g.height || g.outputWidth * g.strideWidth != g.width {
            dp.update(repeating: 0, count: dx.count)
        }
        let rowStride = g.width * c
        forEachWindow(g) { cell, o, wide in
            // Eight channels at a time; a last group of fewer goes through a full vector as well.
            for lane in stride(from: 0, to: c, by: 8) {
                let count = Swift.min(8, c - lane)
                var remaining = load8(gp + o + lane, count, wide: wide)
                let best = load8(yp + o + lane, count, wide: wide)
                let bestIsNaN = best .!= best
                for kh in 0..<g.kernelHeight {
                    for kw in 0..<g.kernelWidth {
                        let offset = cell + kh * rowStride + kw * c + lane
                        let v = load8(xp + offset, count, wide: wide)
                        let hit = (v .== best) .| ((v .!= v) .& bestIsNaN)
                        store8(remaining.replacing(with: 0, where: .!hit), dp + offset, count, wide: wide)
                        remaining.replace(with: 0, where: hit)
                    }
                }
            }
        }
    }

    /// For each window (in parallel over the batch when large): `body(cell, outputOffset, wide)`,
    /// where `cell` is the offset in x of the window's first cell (kh = kw = 0, channel 0), windows
    /// in increasing order along each row. `wide` is true when there are 4 to 7 channels (one
    /// vector group, `8 − C ≤ C`) and the window is not its row's last: an eight-lane vector may
    /// then run past a cell's channels into the next cell or the next window's output (in the
    /// same row), both when reading and when writing, since the window to its right writes those
    /// scalars again later.
    @inline(__always)
    private static func forEachWindow(_ g: WindowGeometry, _ body: (Int, Int, Bool) -> Void) {
        let minimum = g.parallelMinimumSamples(workPerSample: g.sampleSize)
        let fewChannels = g.channels >= 4 && g.channels < 8
        Parallel.forRanges(g.batch, minimumCount: minimum) { first, last in
            for n in first..<last {
                for oh in 0..<g.outputHeight {
                    var o = ((n * g.outputHeight + oh) * g.outputWidth) * g.channels
                    var cell = ((n * g.height + oh * g.strideHeight) * g.width) * g.channels
                    for ow in 0..<g.outputWidth {
                        body(cell, o, fewChannels && ow + 1 < g.outputWidth)
                        o += g.channels
                        cell += g.strideWidth * g.channels
                    }
                }
            }
        }
    }

    /// The first `count` (1...8) scalars at `p`, the other lanes 0; with `wide`, eight scalars
    /// (the caller knows that the next `8 − count` are readable).
    @inline(__always)
    private static func load8(_ p: UnsafePointer<Float>, _ count: Int, wide: Bool = false) -> SIMD8<Float> {
        if count == 8 || wide { return UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self) }
        var v = SIMD8<Float>()
        withUnsafeMutableBytes(of: &v) { $0.baseAddress!.copyMemory(from: p, byteCount: count * 4) }
        return v
    }

    /// Stores the first `count` (1...8) lanes of `v` at `p`; with `wide`, all eight (the caller
    /// knows that the next `8 − count` scalars are written again afterwards).
    @inline(__always)
    private static func store8(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>, _ count: Int, wide: Bool = false) {
        if count == 8 || wide { UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self); return }
        withUnsafeBytes(of: v) { UnsafeMutableRawPointer(p).copyMemory(from: $0.baseAddress!, byteCount: count * 4) }
    }

}
