import COpenBLAS

/// Every matrix product of SwiftDL goes through here, to OpenBLAS `cblas_sgemm`.
///
/// Shapes (row-major): `C[m, n] = alpha * op(A)[m, k] · op(B)[k, n] + beta * C`, where
/// `op(A)` is `A` (stored `[m, k]`, lda = k) or `Aᵀ` (stored `[k, m]`, lda = m), and likewise
/// `op(B)` is `B` (stored `[k, n]`, ldb = n) or `Bᵀ` (stored `[n, k]`, ldb = k); ldc = n.
public enum GEMM {
    /// `C = alpha · op(A) · op(B) + beta · C` through `cblas_sgemm` (row-major).
    @inlinable
    public static func multiply(
        _ a: UnsafePointer<Float>, transposeA: Bool,
        _ b: UnsafePointer<Float>, transposeB: Bool,
        into c: UnsafeMutablePointer<Float>,
        m: Int, n: Int, k: Int, alpha: Float = 1, beta: Float = 0
    ) {
        guard m > 0, n > 0 else { return }
        if k == 0 {
            // op(A)·op(B) is all zeros: C = beta · C (BLAS may reject k = 0 leading dimensions).
            if beta == 0 {
                c.update(repeating: 0, count: m * n)
            } else if beta != 1 {
                for i in 0..<(m * n) { c[i] *= beta }
            }
            return
        }
        cblas_sgemm(CblasRowMajor,
                    transposeA ? CblasTrans : CblasNoTrans,
                    transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha,
                    a, Int32(transposeA ? m : k),
                    b, Int32(transposeB ? k : n),
                    beta, c, Int32(n))
    }

    /// The naive reference of `multiply` (triple loop), for tests.
    public static func referenceMultiply(
        _ a: [Float], transposeA: Bool, _ b: [Float], transposeB: Bool,
        m: Int, n: Int, k: Int
    ) -> [Float] {
        var c = [Float](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var sum: Float = 0
                for p in 0..<k {
                    let av = transposeA ? a[p * m + i] : a[i * k + p]
                    let bv = transposeB ? b[j * k + p] : b[p * n + j]
                    sum += av * bv
                }
                c[i * n + j] = sum
            }
        }
        return c
    }
}
