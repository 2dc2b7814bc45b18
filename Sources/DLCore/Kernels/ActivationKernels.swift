#if canImport(Glibc)
import Glibc
#endif

/// Activations applied in place to a `[rows, columns]` output (the fused output pass of
/// `linear`), and their backward kernels, which need only the output `y` and its gradient `g`.
/// Forward and backward are paired; `reference…` kernels are the naive versions for tests.
package enum ActivationKernels {
    /// `y = max(y, 0)` in place; NaN stays NaN (as TensorFlow's `relu`), −0 becomes +0: the Swift
    /// loop that `reluForward(_:count:)` (the C kernels, ActivationKernels+Vector.swift) matches bit
    /// for bit, kept as its reference. Shapes: y `[count]`.
    @inlinable
    package static func reluForwardSwift(_ y: UnsafeMutablePointer<Float>, count: Int) {
        // `v <= 0` is false for NaN, so NaN passes through (`v > 0 ? v : 0` would turn it into 0).
        for i in 0..<count { let v = y[i]; y[i] = v <= 0 ? 0 : v }
    }

    /// `y = max(x, 0)` out of place, the same formula as the in-place kernel (NaN stays NaN,
    /// −0 becomes +0): the `relu` op's forward pass. Shapes: x, y `[count]`.
    @inlinable
    package static func reluForward(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { let v = x[i]; y[i] = v <= 0 ? 0 : v }
    }

    /// `dz = g · [y > 0]` (+0 where y ≤ 0 or NaN): the Swift loop that `reluBackward(_:_:into:count:)`
    /// (the C kernels, ActivationKernels+Vector.swift) matches bit for bit, kept as its reference.
    /// Shapes: g, y, dz `[count]`.
    @inlinable
    package static func reluBackwardSwift(_ g: UnsafePointer<Float>, _ y: UnsafePointer<Float>,
                                         into dz: UnsafeMutablePointer<Float>, count: Int) {
        // g is loaded unconditionally, so that the select vectorizes: `y[i] > 0 ? g[i] : 0` made a
        // branch per scalar, mispredicted about half the time (a fifth of a ResNet training step).
        for i in 0..<count { let gv = g[i], yv = y[i]; dz[i] = yv > 0 ? gv : 0 }
    }

    /// Keras's `relu(x, negative_slope, max_value, threshold)` out of place, written as Keras
    /// composes it: with no cap and no threshold, the leaky form `x > 0 ? x : slope·x`; otherwise
    /// `x > threshold ? x : 0` (for threshold 0, `max(x, 0)`), clipped to `[0, maxValue]` when
    /// capped, minus `slope · max(threshold − x, 0)`. NaN stays NaN, except where Keras's
    /// threshold select (threshold ≠ 0, slope 0) turns it into 0. Shapes: x, y `[count]`.
    package static func reluForward(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int,
                                   negativeSlope slope: Float, maxValue: Float?, threshold t: Float) {
        if slope != 0, maxValue == nil, t == 0 {
            for i in 0..<count { let v = x[i]; y[i] = v > 0 ? v : slope * v }
            return
        }
        let clips = maxValue != nil, cap = maxValue ?? .infinity
        for i in 0..<count {
            let v = x[i]
            var p = t != 0 ? (v > t ? v : 0) : (v <= 0 ? 0 : v)
            if clips { p = Swift.min(Swift.max(p, 0), cap) }
            if slope != 0 { p -= slope * Swift.max(t - v, 0) }
            y[i] = p
        }
    }

    /// The pullback of `reluForward(_:into:count:negativeSlope:maxValue:threshold:)` from the
    /// input: `dz = g` where the unit passes x (above the threshold, and inside `(0, maxValue)`
    /// when capped), `slope · g` below the threshold, 0 elsewhere; the leaky form gives `slope · g`
    /// for x ≤ 0. Shapes: g, x, dz `[count]`.
    package static func reluBackward(_ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, into dz: UnsafeMutablePointer<Float>,
                                    count: Int, negativeSlope slope: Float, maxValue: Float?, threshold t: Float) {
        if slope != 0, maxValue == nil, t == 0 {
            for i in 0..<count { dz[i] = x[i] > 0 ? g[i] : slope * g[i] }
            return
        }
        let clips = maxValue != nil, cap = maxValue ?? .infinity
        for i in 0..<count {
            let v = x[i]
            let passes = v > t && (!clips || (v > 0 && v < cap))
            dz[i] = passes ? g[i] : (v < t ? slope * g[i] : 0)
        }
    }

    /// The naive reference of the general `reluForward`: Keras's `ReLU.static_call` step by step
    /// (`keras/src/activations/activations.py`), for tests.
    package static func referenceRelu(_ x: Float, negativeSlope: Float, maxValue: Float?, threshold: Float) -> Float {
        if negativeSlope != 0, maxValue == nil, threshold == 0 { return x > 0 ? x : x * negativeSlope }
        let negativePart = negativeSlope != 0 ? Swift.max(-x + threshold, 0) : 1
        var y = threshold != 0 ? (x > threshold ? x : 0) : Swift.max(x, 0)
        if let maxValue { y = Swift.min(Swift.max(y, 0), maxValue) }
        if negativeSlope != 0 { y -= negativeSlope * negativePart }
        return y
    }

    /// `y = 1 / (1 + e^−y)` in place, computed stably (`FastMath.sigmoid`, which vectorizes, to SSE
    /// in a portable build): the Swift loop that `sigmoidForward(_:count:)` (the C kernels,
    /// ActivationKernels+Vector.swift) matches bit for bit, kept as its reference. Shapes: y `[count]`.
    package static func sigmoidForwardSwift(_ y: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { y[i] = FastMath.sigmoid(y[i]) }
    }

    /// The naive reference of `sigmoidForward` (libm's `expf`), for tests.
    package static func referenceSigmoid(_ v: Float) -> Float {
        v >= 0 ? 1 / (1 + expf(-v)) : expf(v) / (1 + expf(v))
    }

    /// `dz = g · y · (1 − y)`: the Swift loop that `sigmoidBackward` (the C kernels) matches bit for
    /// bit, kept as its reference. Shapes: g, y, dz `[count]`.
    @inlinable
    package static func sigmoidBackwardSwift(_ g: UnsafePointer<Float>, _ y: UnsafePointer<Float>,
                                            into dz: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { let s = y[i]; dz[i] = g[i] * s * (1 - s) }
    }

    /// Softmax of each row in place, computed stably. Shapes: y `[rows, columns]`.
    package static func softmaxForward(_ y: UnsafeMutablePointer<Float>, rows: Int, columns: Int) {
        guard columns > 0 else { return }
        for r in 0..<rows {
            let row = y + r * columns
            var maxValue = -Float.infinity
            for j in 0..<columns { maxValue = Swift.max(maxValue, row[j]) }
            var total: Float = 0
            for j in 0..<columns { let e = expf(row[j] - maxValue); row[j] = e; total += e }
            let scale = 1 / total
            for j in 0..<columns { row[j] *= scale }
        }
    }

    /// `dz = y ⊙ (g − Σ_j g_j y_j)` per row. Shapes: g, y, dz `[rows, columns]`.
    package static func softmaxBackward(_ g: UnsafePointer<Float>, _ y: UnsafePointer<Float>,
                                       into dz: UnsafeMutablePointer<Float>, rows: Int, columns: Int) {
        for r in 0..<rows {
            let base = r * columns
            var dot: Float = 0
            for j in 0..<columns { dot += g[base + j] * y[base + j] }
            for j in 0..<columns { dz[base + j] = y[base + j] * (g[base + j] - dot) }
        }
    }
}
