/// Reductions over one axis of a tensor viewed as `[outer, length, inner]`.
package enum ReductionKernels {
    /// Whether every scalar of `x` is finite (no NaN, no ±infinity): one pass over the bit patterns,
    /// an OR of "all exponent bits set" that the compiler vectorizes. The convolutions ask this of
    /// their kernel on every call; `allSatisfy(\.isFinite)` went a scalar at a time (LeNet-5's
    /// second kernel, 2,400 scalars: about 5% of its single-image latency).
    package static func allFinite(_ x: UnsafeBufferPointer<Float>) -> Bool {
        let exponent: UInt32 = 0x7f80_0000
        var nonFinite: UInt32 = 0
        for value in x { nonFinite |= value.bitPattern & exponent == exponent ? 1 : 0 }
        return nonFinite == 0
    }

    /// `out[o, i] = Σ_l x[o, l, i]`. Shapes: x `[outer, length, inner]` → out `[outer, inner]`.
    package static func sum(_ x: UnsafeBufferPointer<Float>, outer: Int, length: Int, inner: Int,
                           into out: UnsafeMutableBufferPointer<Float>) {
        guard let xp = x.baseAddress, let op = out.baseAddress else { return }
        op.update(repeating: 0, count: outer * inner)
        for o in 0..<outer {
            let dst = op + o * inner
            for l in 0..<length {
                let src = xp + (o * length + l) * inner
                for i in 0..<inner { dst[i] += src[i] }
            }
        }
    }

    /// `out[o, i] = max_l x[o, l, i]` and the index `l` of the first maximum.
    /// Shapes: x `[outer, length, inner]` → out, argmax `[outer, inner]`. Needs length ≥ 1.
    package static func max(_ x: UnsafeBufferPointer<Float>, outer: Int, length: Int, inner: Int,
                           into out: UnsafeMutableBufferPointer<Float>, argmax: UnsafeMutableBufferPointer<Int32>) {
        guard let xp = x.baseAddress, let op = out.baseAddress, let ap = argmax.baseAddress else { return }
        for o in 0..<outer {
            let dst = op + o * inner, idx = ap + o * inner
            let first = xp + o * length * inner
            for i in 0..<inner { dst[i] = first[i]; idx[i] = 0 }
            for l in 1..<Swift.max(length, 1) {
                let src = xp + (o * length + l) * inner
                for i in 0..<inner where src[i] > dst[i] || (src[i].isNaN && !dst[i].isNaN) {
                    dst[i] = src[i]; idx[i] = Int32(l)
                }
            }
        }
    }

    /// `out[o, l, i] = g[o, i]`, the adjoint of `sum` (a reduced gradient spread back over the axis).
    /// Shapes: g `[outer, inner]` → out `[outer, length, inner]`.
    package static func expand(_ g: UnsafeBufferPointer<Float>, outer: Int, length: Int, inner: Int,
                              into out: UnsafeMutableBufferPointer<Float>) {
        guard let gp = g.baseAddress, let op = out.baseAddress else { return }
        for o in 0..<outer {
            for l in 0..<length { (op + (o * length + l) * inner).update(from: gp + o * inner, count: inner) }
        }
    }

    /// Naive reference of `sum` (index arithmetic per element), for tests.
    package static func referenceSum(_ x: [Float], outer: Int, length: Int, inner: Int) -> [Float] {
        var out = [Float](repeating: 0, count: outer * inner)
        for o in 0..<outer { for i in 0..<inner { for l in 0..<length { out[o * inner + i] += x[(o * length + l) * inner + i] } } }
        return out
    }
}
