// The optimizers' per-element updates as Swift loops, in DLCore so that FastMath inlines into
// them: called from DLModels, `FastMath.squareRoot` stayed an out-of-line call per element (its
// @inlinable body was not inlined across the module boundary), which kept Adam's loop scalar and
// made it about 40% of the mlp's training step in instructions.
//
// Each element goes through the same operations in the same order as the scalar loop Adam had
// (no fused multiply-add, no reassociation), eight lanes at a time, so the results are bit for bit
// those of Adam before this kernel. The optimizers call the C kernels (OptimizerKernels+Vector.swift),
// which match these loops bit for bit; the loops stay as their reference.

/// Element-wise optimizer updates on `[start, end)` ranges of a variable, vectorized.
package enum OptimizerKernels {
    /// Adam's update of elements `range` (AMSGrad when `vHat` is given):
    /// `m ← m + (g − m)·b1`, `v ← v + (g² − v)·b2`, `v̂ ← max(v̂, v)`, `w ← w − m·alpha / (√v̂ + eps)`
    /// (`v` in place of `v̂` without AMSGrad), with `b1 = 1 − β1`, `b2 = 1 − β2` and `alpha` the
    /// bias-corrected learning rate. Every pointer addresses the whole variable.
    package static func adamSwift(weights w: UnsafeMutablePointer<Float>, gradient gp: UnsafePointer<Float>,
                             m: UnsafeMutablePointer<Float>, v: UnsafeMutablePointer<Float>,
                             vHat: UnsafeMutablePointer<Float>?, range: Range<Int>,
                             b1: Float, b2: Float, alpha: Float, epsilon eps: Float) {
        var i = range.lowerBound
        let end = range.upperBound
        if let vHat {
            while i &+ 8 <= end {
                let g = load(gp + i), m0 = load(m + i), v0 = load(v + i)
                let mi = m0 + (g - m0) * b1
                let vi = v0 + (g * g - v0) * b2
                let vh = pointwiseMax(load(vHat + i), vi)
                store(mi, m + i); store(vi, v + i); store(vh, vHat + i)
                store(load(w + i) - mi * alpha / (squareRoot(vh) + eps), w + i)
                i &+= 8
            }
            while i < end {
                let g = gp[i]
                let mi = m[i] + (g - m[i]) * b1
                let vi = v[i] + (g * g - v[i]) * b2
                let vh = Swift.max(vHat[i], vi)
                m[i] = mi; v[i] = vi; vHat[i] = vh
                w[i] -= mi * alpha / (FastMath.squareRoot(vh) + eps)
                i &+= 1
            }
            return
        }
        while i &+ 8 <= end {
            let g = load(gp + i), m0 = load(m + i), v0 = load(v + i)
            let mi = m0 + (g - m0) * b1
            let vi = v0 + (g * g - v0) * b2
            store(mi, m + i); store(vi, v + i)
            store(load(w + i) - mi * alpha / (squareRoot(vi) + eps), w + i)
            i &+= 8
        }
        while i < end {
            let g = gp[i]
            let mi = m[i] + (g - m[i]) * b1
            let vi = v[i] + (g * g - v[i]) * b2
            m[i] = mi; v[i] = vi
            w[i] -= mi * alpha / (FastMath.squareRoot(vi) + eps)
            i &+= 1
        }
    }

    /// SGD's update of elements `range`: `w ← w − lr·g`; with a velocity (momentum μ) `v ← μ·v − lr·g`,
    /// then `w ← w + v`, or with Nesterov `w ← w + (μ·v − lr·g)` (the new v). Every pointer addresses
    /// the whole variable.
    package static func sgdSwift(weights w: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>,
                                 velocity v: UnsafeMutablePointer<Float>?, range: Range<Int>, learningRate lr: Float,
                                 momentum μ: Float, nesterov: Bool) {
        guard let v else {
            for i in range { w[i] -= lr * g[i] }
            return
        }
        for i in range {
            let gi = g[i]
            v[i] = μ * v[i] - lr * gi
            w[i] += nesterov ? μ * v[i] - lr * gi : v[i]
        }
    }

    /// `FastMath.squareRoot` on eight lanes: the same bit trick and Newton steps, lane by lane.
    @inline(__always)
    package static func squareRoot(_ v: SIMD8<Float>) -> SIMD8<Float> {
        let bits = unsafeBitCast(v, to: SIMD8<UInt32>.self)
        var r = unsafeBitCast(SIMD8<UInt32>(repeating: 0x5F37_5A86) &- (bits &>> 1), to: SIMD8<Float>.self)
        let half = 0.5 * v
        r = r * (1.5 - half * r * r)
        r = r * (1.5 - half * r * r)
        r = r * (1.5 - half * r * r)
        var root = v * r
        root.replace(with: v, where: v .== .infinity)
        return root
    }

    @inline(__always)
    private static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always)
    private static func load(_ p: UnsafeMutablePointer<Float>) -> SIMD8<Float> { load(UnsafePointer(p)) }

    @inline(__always)
    private static func store(_ value: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: value, as: SIMD8<Float>.self)
    }
}
