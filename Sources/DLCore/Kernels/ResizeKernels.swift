// Shapes: every kernel here works along one axis of a row-major tensor read as [outer, length, inner]
// (for an NHWC image and the height axis: outer N, length H, inner W·C), giving [outer, L, inner].
//
// - repeat (nearest-neighbour upsampling, Keras's `ops.repeat`): out[o, l·t + j, i] = x[o, l, i]
//   for j < t; its adjoint sums the t copies back.
// - linear (TensorFlow's `resize_bilinear` with half-pixel centres and no antialiasing, one axis at
//   a time): output position r reads the source coordinate s = (r + 0.5)·(length / L) − 0.5 between
//   rows lo = max(⌊s⌋, 0) and hi = min(⌈s⌉, length − 1) with weight w = s − ⌊s⌋:
//   out[o, r, i] = a + (b − a)·w, a = x[o, lo, i], b = x[o, hi, i]. Run along the width and then
//   the height, this is TensorFlow's bilinear formula exactly (its horizontal lerps first, then the
//   vertical one). The adjoint adds g·(1 − w) to row lo and g·w to row hi.
// Each outer slice is independent, so large tensors split over the outer index across the workers.

/// Nearest (repeat) and linear resizing along one axis, forward and backward, with naive 2-D
/// references (`ResizeKernels+Reference.swift`).
package enum ResizeKernels {
    /// The source rows and weights of a linear resize from `length` to `outputLength` positions.
    package struct LinearTaps: Sendable {
        /// The lower source row of each output position.
        package let lower: [Int]
        /// The upper source row of each output position.
        package let upper: [Int]
        /// The weight of the upper row (`s − ⌊s⌋`).
        package let weight: [Float]

        /// The taps of TensorFlow's half-pixel scaler: `s = (r + 0.5)·(length / outputLength) − 0.5`, in float32.
        package init(length: Int, outputLength: Int) {
            let scale = Float(length) / Float(Swift.max(outputLength, 1))
            var lower = [Int](), upper = [Int](), weight = [Float]()
            for r in 0..<outputLength {
                let source = (Float(r) + 0.5) * scale - 0.5
                let floor = source.rounded(.down)
                lower.append(Swift.max(Int(floor), 0))
                upper.append(Swift.min(Int(source.rounded(.up)), length - 1))
                weight.append(source - floor)
            }
            (self.lower, self.upper, self.weight) = (lower, upper, weight)
        }
    }

    /// `out[o, l·times + j, i] = x[o, l, i]`. Shapes: x `[outer, length, inner]` → out `[outer, length·times, inner]`.
    package static func repeatForward(_ x: UnsafeBufferPointer<Float>, outer: Int, length: Int, inner: Int, times: Int,
                                     into out: UnsafeMutableBufferPointer<Float>) {
        check(x.count == outer * length * inner && out.count == x.count * times,
              "ResizeKernels.repeatForward: buffers of \(x.count) and \(out.count) scalars do not fit [\(outer), \(length), \(inner)] × \(times)")
        guard let xp = x.baseAddress, let op = out.baseAddress else { return }
        forSlices(outer, scalarsPerSlice: out.count / Swift.max(outer, 1)) { o in
            var dst = op + o * length * times * inner
            var src = xp + o * length * inner
            for _ in 0..<length {
                for _ in 0..<times {
                    dst.update(from: src, count: inner)
                    dst += inner
                }
                src += inner
            }
        }
    }

    /// The adjoint of `repeatForward`: `dx[o, l, i] = Σ_j grad[o, l·times + j, i]` (j in order).
    /// Shapes: grad `[outer, length·times, inner]` → dx `[outer, length, inner]` (overwritten).
    package static func repeatBackward(_ grad: UnsafeBufferPointer<Float>, outer: Int, length: Int, inner: Int, times: Int,
                                      into dx: UnsafeMutableBufferPointer<Float>) {
        check(dx.count == outer * length * inner && grad.count == dx.count * times,
              "ResizeKernels.repeatBackward: buffers of \(grad.count) and \(dx.count) scalars do not fit [\(outer), \(length), \(inner)] × \(times)")
        guard let gp = grad.baseAddress, let dp = dx.baseAddress else { return }
        forSlices(outer, scalarsPerSlice: grad.count / Swift.max(outer, 1)) { o in
            var src = gp + o * length * times * inner
            var dst = dp + o * length * inner
            for _ in 0..<length {
                dst.update(from: src, count: inner)
                src += inner
                for _ in 1..<Swift.max(times, 1) {
                    add(src, into: dst, count: inner)
                    src += inner
                }
                dst += inner
            }
        }
    }

    /// `out[o, r, i] = a + (b − a)·w` with `a`, `b` the rows `taps.lower[r]`, `taps.upper[r]` of x.
    /// Shapes: x `[outer, length, inner]` → out `[outer, L, inner]`, L = `taps.weight.count`.
    package static func linearForward(_ x: UnsafeBufferPointer<Float>, outer: Int, length: Int, inner: Int, taps: LinearTaps,
                                     into out: UnsafeMutableBufferPointer<Float>) {
        let outputLength = taps.weight.count
        check(x.count == outer * length * inner && out.count == outer * outputLength * inner
              && taps.upper.allSatisfy { $0 < length },
              "ResizeKernels.linearForward: buffers of \(x.count) and \(out.count) scalars do not fit [\(outer), \(length) → \(outputLength), \(inner)]")
        guard let xp = x.baseAddress, let op = out.baseAddress else { return }
        forSlices(outer, scalarsPerSlice: out.count / Swift.max(outer, 1)) { o in
            let src = xp + o * length * inner
            var dst = op + o * outputLength * inner
            for r in 0..<outputLength {
                let a = src + taps.lower[r] * inner, b = src + taps.upper[r] * inner
                let w = taps.weight[r]
                var i = 0
                while i &+ 8 <= inner {
                    let va = UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self)
                    let vb = UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self)
                    UnsafeMutableRawPointer(dst + i).storeBytes(of: va + (vb - va) * w, as: SIMD8<Float>.self)
                    i &+= 8
                }
                while i < inner { dst[i] = a[i] + (b[i] - a[i]) * w; i &+= 1 }
                dst += inner
            }
        }
    }

    /// The adjoint of `linearForward`: `dx[o, lower[r], i] += g·(1 − w)`, `dx[o, upper[r], i] += g·w`
    /// (r in order). Shapes: grad `[outer, L, inner]` → dx `[outer, length, inner]` (overwritten).
    package static func linearBackward(_ grad: UnsafeBufferPointer<Float>, outer: Int, length: Int, inner: Int, taps: LinearTaps,
                                      into dx: UnsafeMutableBufferPointer<Float>) {
        let outputLength = taps.weight.count
        check(dx.count == outer * length * inner && grad.count == outer * outputLength * inner
              && taps.upper.allSatisfy { $0 < length },
              "ResizeKernels.linearBackward: buffers of \(grad.count) and \(dx.count) scalars do not fit [\(outer), \(length) → \(outputLength), \(inner)]")
        guard let gp = grad.baseAddress, let dp = dx.baseAddress else { return }
        forSlices(outer, scalarsPerSlice: grad.count / Swift.max(outer, 1)) { o in
            let dst = dp + o * length * inner
            dst.update(repeating: 0, count: length * inner)
            var src = gp + o * outputLength * inner
            for r in 0..<outputLength {
                let a = dst + taps.lower[r] * inner, b = dst + taps.upper[r] * inner
                let w = taps.weight[r], v = 1 - w
                for i in 0..<inner {
                    let g = src[i]
                    a[i] += g * v
                    b[i] += g * w
                }
                src += inner
            }
        }
    }

    /// Runs `body(o)` for every `o < outer`, split across the workers when the tensor is large.
    private static func forSlices(_ outer: Int, scalarsPerSlice: Int, _ body: (Int) -> Void) {
        let minimum = Swift.max(2, Parallel.minimumParallelCount / Swift.max(scalarsPerSlice, 1))
        Parallel.forRanges(outer, minimumCount: minimum) { first, last in
            for o in first..<last { body(o) }
        }
    }

    /// `dst[i] += src[i]` for `i < count`, eight at a time.
    @inline(__always)
    private static func add(_ src: UnsafePointer<Float>, into dst: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i &+ 8 <= count {
            let sum = UnsafeRawPointer(dst + i).loadUnaligned(as: SIMD8<Float>.self)
                + UnsafeRawPointer(src + i).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(dst + i).storeBytes(of: sum, as: SIMD8<Float>.self)
            i &+= 8
        }
        while i < count { dst[i] += src[i]; i &+= 1 }
    }
}
