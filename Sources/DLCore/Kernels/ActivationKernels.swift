#if canImport(Glibc)
import Glibc
#endif

/// Activations applied in place to a `[rows, columns]` output (the fused output pass of
/// `linear`), and their backward kernels, which need only the output `y` and its gradient `g`.
/// Forward and backward are paired; `reference…` kernels are the naive versions for tests.
public enum ActivationKernels {
    /// `y = max(y, 0)` in place (NaN becomes 0, as `relu` does). Shapes: y `[count]`.
    @inlinable
    public static func reluForward(_ y: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { let v = y[i]; y[i] = v > 0 ? v : 0 }
    }

    /// `dz = g · [y > 0]`. Shapes: g, y, dz `[count]`.
    @inlinable
    public static func reluBackward(_ g: UnsafePointer<Float>, _ y: UnsafePointer<Float>,
                                    into dz: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { dz[i] = y[i] > 0 ? g[i] : 0 }
    }

    /// `y = 1 / (1 + e^−y)` in place, computed stably (`FastMath.sigmoid`, which vectorizes).
    /// Shapes: y `[count]`.
    public static func sigmoidForward(_ y: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { y[i] = FastMath.sigmoid(y[i]) }
    }

    /// The naive reference of `sigmoidForward` (libm's `expf`), for tests.
    public static func referenceSigmoid(_ v: Float) -> Float {
        v >= 0 ? 1 / (1 + expf(-v)) : expf(v) / (1 + expf(v))
    }

    /// `dz = g · y · (1 − y)`. Shapes: g, y, dz `[count]`.
    @inlinable
    public static func sigmoidBackward(_ g: UnsafePointer<Float>, _ y: UnsafePointer<Float>,
                                       into dz: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { let s = y[i]; dz[i] = g[i] * s * (1 - s) }
    }

    /// Softmax of each row in place, computed stably. Shapes: y `[rows, columns]`.
    public static func softmaxForward(_ y: UnsafeMutablePointer<Float>, rows: Int, columns: Int) {
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
    public static func softmaxBackward(_ g: UnsafePointer<Float>, _ y: UnsafePointer<Float>,
                                       into dz: UnsafeMutablePointer<Float>, rows: Int, columns: Int) {
        for r in 0..<rows {
            let base = r * columns
            var dot: Float = 0
            for j in 0..<columns { dot += g[base + j] * y[base + j] }
            for j in 0..<columns { dz[base + j] = y[base + j] * (g[base + j] - dot) }
        }
    }
}
