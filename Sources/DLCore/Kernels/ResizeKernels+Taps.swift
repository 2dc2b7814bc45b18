// Shapes: x [outer, length, inner] → out [outer, L, inner], along one axis as the other resize kernels.
//
// A weighted resample: each output position r reads a few source rows with weights,
//   out[o, r, i] = Σ_k weight[k] · x[o, index[k], i]   for k in start[r] ..< start[r + 1]
// (k in order). Nearest, bicubic, area and Lanczos resizing (`ResizeInterpolation`) are all such
// maps, one axis at a time; their taps come from `ResizeTaps`. The adjoint adds weight[k]·g to row
// index[k] of dx. Each outer slice is independent and splits over the workers when large.

extension ResizeKernels {
    /// The source rows and weights of each output position of a weighted resample.
    package struct WeightedTaps: Sendable, Equatable {
        /// Where output `r`'s taps start in `index` and `weight`; `start.count` is the output length + 1.
        package let start: [Int]
        /// The source row of each tap.
        package let index: [Int]
        /// The weight of each tap.
        package let weight: [Float]
        /// The number of output positions.
        package var outputLength: Int { start.count - 1 }

        /// Taps from one `(index, weight)` list per output position.
        package init(_ rows: [[(index: Int, weight: Float)]]) {
            var start = [0], index = [Int](), weight = [Float]()
            for row in rows {
                for tap in row { index.append(tap.index); weight.append(tap.weight) }
                start.append(index.count)
            }
            (self.start, self.index, self.weight) = (start, index, weight)
        }

        /// Equal when the offsets, indices and weights are all equal.
        package static func == (a: WeightedTaps, b: WeightedTaps) -> Bool {
            a.start == b.start && a.index == b.index && a.weight == b.weight
        }
    }

    /// `out[o, r, i] = Σ_k weight[k]·x[o, index[k], i]` over output r's taps (k in order, from 0).
    /// Shapes: x `[outer, length, inner]` → out `[outer, taps.outputLength, inner]` (overwritten).
    package static func weightedForward(_ x: UnsafeBufferPointer<Float>, outer: Int, length: Int, inner: Int,
                                        taps: WeightedTaps, into out: UnsafeMutableBufferPointer<Float>) {
        let outputLength = taps.outputLength
        check(x.count == outer * length * inner && out.count == outer * outputLength * inner
              && taps.index.allSatisfy { $0 >= 0 && $0 < length },
              "ResizeKernels.weightedForward: buffers of \(x.count) and \(out.count) scalars do not fit [\(outer), \(length) → \(outputLength), \(inner)]")
        guard let xp = x.baseAddress, let op = out.baseAddress else { return }
        taps.index.withUnsafeBufferPointer { index in
            taps.weight.withUnsafeBufferPointer { weight in
                forSlicesOf(outer, scalarsPerSlice: outputLength * inner) { o in
                    let src = xp + o * length * inner
                    var dst = op + o * outputLength * inner
                    for r in 0..<outputLength {
                        dst.update(repeating: 0, count: inner)
                        for k in taps.start[r]..<taps.start[r + 1] {
                            accumulate(src + index[k] * inner, times: weight[k], into: dst, count: inner)
                        }
                        dst += inner
                    }
                }
            }
        }
    }

    /// The adjoint of `weightedForward`: `dx[o, index[k], i] += weight[k]·grad[o, r, i]` (r, then k, in order).
    /// Shapes: grad `[outer, taps.outputLength, inner]` → dx `[outer, length, inner]` (overwritten).
    package static func weightedBackward(_ grad: UnsafeBufferPointer<Float>, outer: Int, length: Int, inner: Int,
                                         taps: WeightedTaps, into dx: UnsafeMutableBufferPointer<Float>) {
        let outputLength = taps.outputLength
        check(dx.count == outer * length * inner && grad.count == outer * outputLength * inner
              && taps.index.allSatisfy { $0 >= 0 && $0 < length },
              "ResizeKernels.weightedBackward: buffers of \(grad.count) and \(dx.count) scalars do not fit [\(outer), \(length) → \(outputLength), \(inner)]")
        guard let gp = grad.baseAddress, let dp = dx.baseAddress else { return }
        taps.index.withUnsafeBufferPointer { index in
            taps.weight.withUnsafeBufferPointer { weight in
                forSlicesOf(outer, scalarsPerSlice: outputLength * inner) { o in
                    let dst = dp + o * length * inner
                    dst.update(repeating: 0, count: length * inner)
                    var src = gp + o * outputLength * inner
                    for r in 0..<outputLength {
                        for k in taps.start[r]..<taps.start[r + 1] {
                            accumulate(src, times: weight[k], into: dst + index[k] * inner, count: inner)
                        }
                        src += inner
                    }
                }
            }
        }
    }

    /// Runs `body(o)` for every `o < outer`, split across the workers when the tensor is large.
    private static func forSlicesOf(_ outer: Int, scalarsPerSlice: Int, _ body: (Int) -> Void) {
        let minimum = Swift.max(2, Parallel.minimumParallelCount / Swift.max(scalarsPerSlice, 1))
        Parallel.forRanges(outer, minimumCount: minimum) { first, last in
            for o in first..<last { body(o) }
        }
    }

    /// `dst[i] += w·src[i]` for `i < count`, eight at a time.
    @inline(__always)
    private static func accumulate(_ src: UnsafePointer<Float>, times w: Float, into dst: UnsafeMutablePointer<Float>,
                                   count: Int) {
        var i = 0
        while i &+ 8 <= count {
            let sum = UnsafeRawPointer(dst + i).loadUnaligned(as: SIMD8<Float>.self)
                + UnsafeRawPointer(src + i).loadUnaligned(as: SIMD8<Float>.self) * w
            UnsafeMutableRawPointer(dst + i).storeBytes(of: sum, as: SIMD8<Float>.self)
            i &+= 8
        }
        while i < count { dst[i] += w * src[i]; i &+= 1 }
    }
}
