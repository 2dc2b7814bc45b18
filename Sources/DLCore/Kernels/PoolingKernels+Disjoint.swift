// Max pooling with disjoint windows that lie inside the input (pool size = strides, no padding
// cell in any window: Keras's default MaxPooling2D(2) with 'valid', or 'same' on even sizes).
// Shapes: x [N, H, W, C] → out [N, OH, OW, C], and (for training) winners [N, OH, OW, C] bytes:
// each output's winning cell inside its window, kh·KW + kw (the first maximum in kh-then-kw order,
// or the first NaN when the window holds one: the rule of the general kernel and the reference).
// The backward pass scatters each output gradient to its winner without reading x again.
// Vectors run along the channels, eight at a time, with branch-free selects; a last group of fewer
// channels goes through a full vector where the scalars past it are rewritten later (see
// `mayRunPast`), else through scalars.

extension PoolingKernels {
    /// Whether `g`'s windows are disjoint and free of padding, so the `disjoint` kernels apply
    /// (and small enough, at most 256 cells, for a winner to fit in a byte).
    package static func hasDisjointWindows(_ g: WindowGeometry) -> Bool {
        g.kernelHeight == g.strideHeight && g.kernelWidth == g.strideWidth && g.padTop == 0 && g.padLeft == 0
            && g.outputHeight * g.strideHeight <= g.height && g.outputWidth * g.strideWidth <= g.width
            && g.kernelHeight * g.kernelWidth <= 256
    }

    /// Max pooling forward over disjoint windows, and where `winners` is given, each output's
    /// winning cell kh·KW + kw. Shapes: x `[N, H, W, C]` → out, winners `[N, OH, OW, C]`.
    /// - Precondition: `hasDisjointWindows(g)`.
    package static func maxPoolDisjoint(_ x: UnsafeBufferPointer<Float>, _ g: WindowGeometry,
                                       into out: UnsafeMutableBufferPointer<Float>,
                                       winners: UnsafeMutableBufferPointer<UInt8>? = nil) {
        check(hasDisjointWindows(g) && x.count == g.batch * g.sampleSize && out.count == g.outputPositions * g.channels
              && (winners == nil || winners!.count == out.count),
              "maxPoolDisjoint: buffers of \(x.count), \(out.count) and \(winners?.count ?? 0) scalars do not fit \(g) with disjoint windows")
        guard let xp = x.baseAddress, let op = out.baseAddress, g.channels > 0 else { return }
        if let wp = winners?.baseAddress {
            maxPoolDisjoint(xp, g, into: op, winners: wp)
        } else {
            maxPoolDisjoint(xp, g, into: op, winners: nil)
        }
    }

    /// Max pooling backward over disjoint windows: each output gradient goes to its window's
    /// winner, the others cells get 0. Shapes: grad, winners `[N, OH, OW, C]` → dx `[N, H, W, C]`
    /// (overwritten; cells outside every window get 0).
    /// - Precondition: `hasDisjointWindows(g)`, and `winners` comes from `maxPoolDisjoint` with `g`.
    package static func maxPoolDisjointBackward(_ grad: UnsafeBufferPointer<Float>, winners: UnsafeBufferPointer<UInt8>,
                                               _ g: WindowGeometry, into dx: UnsafeMutableBufferPointer<Float>) {
        check(hasDisjointWindows(g) && dx.count == g.batch * g.sampleSize
              && grad.count == g.outputPositions * g.channels && winners.count == grad.count,
              "maxPoolDisjointBackward: buffers do not fit \(g) with disjoint windows")
        guard let gp = grad.baseAddress, let wp = winners.baseAddress, let dp = dx.baseAddress else { return }
        let c = g.channels
        // Windows cover all but the last H mod KH rows and W mod KW columns: zero those first.
        if g.outputHeight * g.strideHeight != g.height || g.outputWidth * g.strideWidth != g.width {
            dp.update(repeating: 0, count: dx.count)
        }
        let rowStride = g.width * c
        forEachRow(g) { rowCell, rowOutput in
          for ow in 0..<g.outputWidth {
            let cell = rowCell + ow * g.strideWidth * c, o = rowOutput + ow * c, wide = mayRunPast(g, ow)
            for lane in stride(from: 0, to: c, by: 8) {
                let count = Swift.min(8, c - lane)
                guard count == 8 || wide else {
                    // A last group of fewer than eight channels that no vector may run past: scalars.
                    for ch in lane..<(lane + count) {
                        let gradient = gp[o + ch], winner = Int(wp[o + ch])
                        for kh in 0..<g.kernelHeight {
                            for kw in 0..<g.kernelWidth {
                                dp[cell + kh * rowStride + kw * c + ch] = kh * g.kernelWidth + kw == winner ? gradient : 0
                            }
                        }
                    }
                    continue
                }
                let gradient = unsafeBitCast(UnsafeRawPointer(gp + o + lane).loadUnaligned(as: SIMD8<Float>.self), to: SIMD8<Int32>.self)
                let winner = SIMD8<Int32>(truncatingIfNeeded: UnsafeRawPointer(wp + o + lane).loadUnaligned(as: SIMD8<UInt8>.self))
                var index: Int32 = 0
                for kh in 0..<g.kernelHeight {
                    for kw in 0..<g.kernelWidth {
                        // All ones where the winner is this cell (w ^ index is then 0, and 0 − 1 < 0),
                        // else 0: integer lanes only (a mask's select goes lane by lane on SSE).
                        let hit = ((winner ^ SIMD8(repeating: index)) &- 1) &>> 31
                        UnsafeMutableRawPointer(dp + cell + kh * rowStride + kw * c + lane)
                            .storeBytes(of: unsafeBitCast(gradient & hit, to: SIMD8<Float>.self), as: SIMD8<Float>.self)
                        index &+= 1
                    }
                }
            }
          }
        }
    }

    /// The forward kernel; with `winners` nil (a constant once inlined), no winner is tracked.
    @inline(__always)
    private static func maxPoolDisjoint(_ xp: UnsafePointer<Float>, _ g: WindowGeometry, into op: UnsafeMutablePointer<Float>,
                                        winners: UnsafeMutablePointer<UInt8>?) {
        let c = g.channels, rowStride = g.width * c
        forEachRow(g) { rowCell, rowOutput in
          for ow in 0..<g.outputWidth {
            let cell = rowCell + ow * g.strideWidth * c, o = rowOutput + ow * c, wide = mayRunPast(g, ow)
            for lane in stride(from: 0, to: c, by: 8) {
                let count = Swift.min(8, c - lane)
                guard count == 8 || wide else {
                    // A last group of fewer than eight channels that no vector may run past: scalars.
                    for ch in lane..<(lane + count) {
                        var best = xp[cell + ch], winner = 0
                        for kh in 0..<g.kernelHeight {
                            for kw in 0..<g.kernelWidth where kh + kw > 0 {
                                let v = xp[cell + kh * rowStride + kw * c + ch]
                                if !(v <= best) && best == best { best = v; winner = kh * g.kernelWidth + kw }
                            }
                        }
                        op[o + ch] = best
                        winners?[o + ch] = UInt8(truncatingIfNeeded: winner)
                    }
                    continue
                }
                var best = UnsafeRawPointer(xp + cell + lane).loadUnaligned(as: SIMD8<Float>.self)
                var winner = SIMD8<Int32>()
                var index: Int32 = 0
                for kh in 0..<g.kernelHeight {
                    for kw in 0..<g.kernelWidth {
                        defer { index &+= 1 }
                        guard index > 0 else { continue }
                        let v = UnsafeRawPointer(xp + cell + kh * rowStride + kw * c + lane).loadUnaligned(as: SIMD8<Float>.self)
                        // v > best, or v is NaN and best is not: !(v ≤ best) where best is a number.
                        let better = .!(v .<= best) .& (best .== best)
                        best.replace(with: v, where: better)
                        if winners != nil { winner.replace(with: SIMD8(repeating: index), where: better) }
                    }
                }
                UnsafeMutableRawPointer(op + o + lane).storeBytes(of: best, as: SIMD8<Float>.self)
                if let winners {
                    UnsafeMutableRawPointer(winners + o + lane).storeBytes(of: SIMD8<UInt8>(truncatingIfNeeded: winner), as: SIMD8<UInt8>.self)
                }
            }
          }
        }
    }

    /// For each row of windows (in parallel over the batch when large): `body(cell, outputOffset)`,
    /// where `cell` is the offset in x of the row's first window's first cell (kh = kw = 0,
    /// channel 0) and `outputOffset` that of its output; rows in increasing order in each sample.
    /// The kernels walk a row's windows themselves: a closure call per window cost more than the window.
    @inline(__always)
    private static func forEachRow(_ g: WindowGeometry, _ body: (Int, Int) -> Void) {
        let minimum = g.parallelMinimumSamples(workPerSample: g.sampleSize)
        Parallel.forRanges(g.batch, minimumCount: minimum) { first, last in
            for n in first..<last {
                for oh in 0..<g.outputHeight {
                    body(((n * g.height + oh * g.strideHeight) * g.width) * g.channels,
                         ((n * g.outputHeight + oh) * g.outputWidth) * g.channels)
                }
            }
        }
    }

    /// Whether window `ow` of a row may use a full eight-lane vector for fewer than eight channels:
    /// with 4 to 7 channels (one vector group, `8 − C ≤ C`) and a window that is not its row's
    /// last, a vector that runs past a cell's channels reads and writes into the next cell or the
    /// next window's output (in the same row), which the window to its right writes again later.
    @inline(__always)
    private static func mayRunPast(_ g: WindowGeometry, _ ow: Int) -> Bool {
        g.channels >= 4 && g.channels < 8 && ow + 1 < g.outputWidth
    }
}
