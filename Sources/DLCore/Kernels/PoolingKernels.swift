// Shapes: x [N, H, W, C] (NHWC) → out [N, OH, OW, C] (geometry from WindowGeometry with the pool
// size as the window). Max pooling also writes argmax [N, OH, OW, C]: the winner's offset inside its
// sample, (ih·W + iw)·C + c; padded cells never win. Average pooling divides by the number of real
// (non-padded) cells of each window, as TF/Keras do with 'same' padding. Backward kernels take
// grad [N, OH, OW, C] and overwrite dx [N, H, W, C].

/// Max and average pooling kernels (forward and backward), with naive references for tests.
package enum PoolingKernels {
    /// Max pooling forward. Shapes: x `[N, H, W, C]` → out, argmax `[N, OH, OW, C]`.
    package static func maxPool(_ x: UnsafeBufferPointer<Float>, _ g: WindowGeometry,
                               into out: UnsafeMutableBufferPointer<Float>, argmax: UnsafeMutableBufferPointer<Int32>) {
        checkSizes(x.count, out.count, g, "maxPool")
        check(argmax.count == out.count && g.sampleSize <= Int(Int32.max),
              "maxPool: argmax of \(argmax.count) for output \(out.count), or sample of \(g.sampleSize) scalars too large")
        guard let xp = x.baseAddress, let op = out.baseAddress, let ap = argmax.baseAddress else { return }
        let c = g.channels
        let minimum = g.parallelMinimumSamples(workPerSample: g.outputHeight * g.outputWidth * g.kernelHeight * g.kernelWidth * c)
        Parallel.forRanges(g.batch, minimumCount: minimum) { first, last in
            for n in first..<last {
                let sample = xp + n * g.sampleSize
                for oh in 0..<g.outputHeight {
                    let rows = g.validKernelRows(oh), ihStart = oh * g.strideHeight - g.padTop
                    for ow in 0..<g.outputWidth {
                        let columns = g.validKernelColumns(ow), iwStart = ow * g.strideWidth - g.padLeft
                        let position = ((n * g.outputHeight + oh) * g.outputWidth + ow) * c
                        let best = op + position, index = ap + position
                        var firstCell = true
                        for kh in rows {
                            for kw in columns {
                                let offset = ((ihStart + kh) * g.width + iwStart + kw) * c
                                let src = sample + offset
                                if firstCell {
                                    for ch in 0..<c { best[ch] = src[ch]; index[ch] = Int32(offset + ch) }
                                    firstCell = false
                                    continue
                                }
                                for ch in 0..<c where src[ch] > best[ch] || (src[ch].isNaN && !best[ch].isNaN) {
                                    best[ch] = src[ch]; index[ch] = Int32(offset + ch)
                                }
                            }
                        }
                        // Unreachable with TF's padding rule (every window holds a real cell); kept
                        // so that no output is left unwritten. Index -1 receives no gradient.
                        if firstCell { for ch in 0..<c { best[ch] = -.infinity; index[ch] = -1 } }
                    }
                }
            }
        }
    }

    /// Max pooling backward: each output gradient goes to its window's winner (summed where
    /// windows share a winner). Shapes: grad, argmax `[N, OH, OW, C]` → dx `[N, H, W, C]`.
    package static func maxPoolBackward(_ grad: UnsafeBufferPointer<Float>, argmax: UnsafeBufferPointer<Int32>,
                                       _ g: WindowGeometry, into dx: UnsafeMutableBufferPointer<Float>) {
        checkSizes(dx.count, grad.count, g, "maxPoolBackward")
        guard let gp = grad.baseAddress, let ap = argmax.baseAddress, let dp = dx.baseAddress else { return }
        let perSample = g.outputHeight * g.outputWidth * g.channels
        Parallel.forRanges(g.batch, minimumCount: g.parallelMinimumSamples(workPerSample: perSample)) { first, last in
            for n in first..<last {
                let sample = dp + n * g.sampleSize
                sample.update(repeating: 0, count: g.sampleSize)
                for i in (n * perSample)..<((n + 1) * perSample) where ap[i] >= 0 { sample[Int(ap[i])] += gp[i] }
            }
        }
    }

    /// Average pooling forward over the real cells of each window.
    /// Shapes: x `[N, H, W, C]` → out `[N, OH, OW, C]`.
    package static func avgPool(_ x: UnsafeBufferPointer<Float>, _ g: WindowGeometry,
                               into out: UnsafeMutableBufferPointer<Float>) {
        checkSizes(x.count, out.count, g, "avgPool")
        guard let xp = x.baseAddress, let op = out.baseAddress else { return }
        let c = g.channels
        let minimum = g.parallelMinimumSamples(workPerSample: g.outputHeight * g.outputWidth * g.kernelHeight * g.kernelWidth * c)
        Parallel.forRanges(g.batch, minimumCount: minimum) { first, last in
            for n in first..<last {
                let sample = xp + n * g.sampleSize
                for oh in 0..<g.outputHeight {
                    let rows = g.validKernelRows(oh), ihStart = oh * g.strideHeight - g.padTop
                    for ow in 0..<g.outputWidth {
                        let columns = g.validKernelColumns(ow), iwStart = ow * g.strideWidth - g.padLeft
                        let dst = op + ((n * g.outputHeight + oh) * g.outputWidth + ow) * c
                        dst.update(repeating: 0, count: c)
                        for kh in rows {
                            for kw in columns {
                                let src = sample + ((ihStart + kh) * g.width + iwStart + kw) * c
                                for ch in 0..<c { dst[ch] += src[ch] }
                            }
                        }
                        let scale = 1 / Float(Swift.max(rows.count * columns.count, 1))
                        for ch in 0..<c { dst[ch] *= scale }
                    }
                }
            }
        }
    }

    /// Average pooling backward: each output gradient is shared equally by its window's real cells.
    /// Shapes: grad `[N, OH, OW, C]` → dx `[N, H, W, C]`.
    package static func avgPoolBackward(_ grad: UnsafeBufferPointer<Float>, _ g: WindowGeometry,
                                       into dx: UnsafeMutableBufferPointer<Float>) {
        checkSizes(dx.count, grad.count, g, "avgPoolBackward")
        guard let gp = grad.baseAddress, let dp = dx.baseAddress else { return }
        let c = g.channels
        let minimum = g.parallelMinimumSamples(workPerSample: g.outputHeight * g.outputWidth * g.kernelHeight * g.kernelWidth * c)
        Parallel.forRanges(g.batch, minimumCount: minimum) { first, last in
            for n in first..<last {
                let sample = dp + n * g.sampleSize
                sample.update(repeating: 0, count: g.sampleSize)
                for oh in 0..<g.outputHeight {
                    let rows = g.validKernelRows(oh), ihStart = oh * g.strideHeight - g.padTop
                    for ow in 0..<g.outputWidth {
                        let columns = g.validKernelColumns(ow), iwStart = ow * g.strideWidth - g.padLeft
                        let src = gp + ((n * g.outputHeight + oh) * g.outputWidth + ow) * c
                        let scale = 1 / Float(Swift.max(rows.count * columns.count, 1))
                        for kh in rows {
                            for kw in columns {
                                let dst = sample + ((ihStart + kh) * g.width + iwStart + kw) * c
                                for ch in 0..<c { dst[ch] += src[ch] * scale }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Naive reference of max pooling (bounds check per cell). Returns out and argmax, same shapes.
    package static func referenceMaxPool(_ x: [Float], _ g: WindowGeometry) -> (out: [Float], argmax: [Int32]) {
        var out = [Float](repeating: -.infinity, count: g.outputPositions * g.channels)
        var argmax = [Int32](repeating: -1, count: out.count)
        forEachCell(g) { o, offset, n in
            let v = x[n * g.sampleSize + offset]
            if argmax[o] < 0 || v > out[o] { out[o] = v; argmax[o] = Int32(offset) }
        }
        return (out, argmax)
    }

    /// Naive reference of average pooling (bounds check per cell). Same shapes as `avgPool`.
    package static func referenceAvgPool(_ x: [Float], _ g: WindowGeometry) -> [Float] {
        var sums = [Float](repeating: 0, count: g.outputPositions * g.channels)
        var counts = [Float](repeating: 0, count: sums.count)
        forEachCell(g) { o, offset, n in sums[o] += x[n * g.sampleSize + offset]; counts[o] += 1 }
        return zip(sums, counts).map { $0 / Swift.max($1, 1) }
    }

    /// Naive reference of `avgPoolBackward`. Same shapes.
    package static func referenceAvgPoolBackward(_ grad: [Float], _ g: WindowGeometry) -> [Float] {
        var counts = [Float](repeating: 0, count: grad.count)
        forEachCell(g) { o, _, _ in counts[o] += 1 }
        var dx = [Float](repeating: 0, count: g.batch * g.sampleSize)
        forEachCell(g) { o, offset, n in dx[n * g.sampleSize + offset] += grad[o] / counts[o] }
        return dx
    }

    /// Calls `body(outputIndex, offsetInSample, n)` for every real cell of every window.
    private static func forEachCell(_ g: WindowGeometry, _ body: (Int, Int, Int) -> Void) {
        for n in 0..<g.batch {
            for oh in 0..<g.outputHeight {
                for ow in 0..<g.outputWidth {
                    for ch in 0..<g.channels {
                        let o = ((n * g.outputHeight + oh) * g.outputWidth + ow) * g.channels + ch
                        for kh in 0..<g.kernelHeight {
                            for kw in 0..<g.kernelWidth {
                                let ih = oh * g.strideHeight - g.padTop + kh, iw = ow * g.strideWidth - g.padLeft + kw
                                guard ih >= 0, ih < g.height, iw >= 0, iw < g.width else { continue }
                                body(o, (ih * g.width + iw) * g.channels + ch, n)
                            }
                        }
                    }
                }
            }
        }
    }

    private static func checkSizes(_ inputCount: Int, _ outputCount: Int, _ g: WindowGeometry, _ name: String) {
        check(inputCount == g.batch * g.sampleSize && outputCount == g.outputPositions * g.channels,
              "\(name): buffers of \(inputCount) and \(outputCount) scalars do not fit \(g)")
    }
}
