import COpenBLAS

/// Every matrix product of SwiftDL goes through here, to OpenBLAS `cblas_sgemm`.
///
/// Shapes (row-major): `C[m, n] = alpha * op(A)[m, k] · op(B)[k, n] + beta * C`, where
/// `op(A)` is `A` (stored `[m, k]`, lda = k) or `Aᵀ` (stored `[k, m]`, lda = m), and likewise
/// `op(B)` is `B` (stored `[k, n]`, ldb = n) or `Bᵀ` (stored `[n, k]`, ldb = k); ldc = n.
/// A or B may instead be a view into wider rows (`lda`, `ldb` given: the distance between rows).
///
/// OpenBLAS runs on one thread (see `Parallel`): a large product is cut here into bands of C's
/// rows (or of its columns, when C is wider than tall), one single-threaded `cblas_sgemm` per
/// band on `Parallel.workers` threads. A band of rows reads the matching rows of op(A) and all of
/// op(B); a band of columns reads all of op(A) and the matching columns of op(B); the leading
/// dimensions stay those of the whole matrices.
public enum GEMM {
    /// Products with fewer multiply-adds (`m·n·k`) than this run on the calling thread: below it,
    /// waking a second thread costs about as much as it saves (about 2 MFLOP, 20 µs on one core).
    public static let minimumParallelWork = 1 << 20

    /// `C = alpha · op(A) · op(B) + beta · C` through `cblas_sgemm` (row-major), split across
    /// `Parallel.workers` threads when large and `parallel` (kernels that already run on their
    /// own workers pass `parallel: false`). `lda` and `ldb` default to the dense row lengths.
    @inlinable
    public static func multiply(
        _ a: UnsafePointer<Float>, transposeA: Bool,
        _ b: UnsafePointer<Float>, transposeB: Bool,
        into c: UnsafeMutablePointer<Float>,
        m: Int, n: Int, k: Int, lda: Int? = nil, ldb: Int? = nil, alpha: Float = 1, beta: Float = 0,
        parallel: Bool = true
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
        let lda = lda ?? (transposeA ? m : k), ldb = ldb ?? (transposeB ? k : n)
        // Read first in any case: it is what switches OpenBLAS to one thread.
        let available = Parallel.workers
        let workers = parallel && m * n * k >= minimumParallelWork ? available : 1
        guard workers > 1 else {
            sgemm(a, transposeA, lda, b, transposeB, ldb, c, ldc: n, m: m, n: n, k: k, alpha: alpha, beta: beta)
            return
        }
        if m >= n {
            // Bands of rows, a multiple of 8 (whole register tiles) where possible.
            let band = (m + workers - 1) / workers
            let rows = band < 8 ? band : (band + 7) / 8 * 8
            Parallel.run((m + rows - 1) / rows) { part in
                let first = part * rows, count = Swift.min(rows, m - first)
                sgemm(transposeA ? a + first : a + first * lda, transposeA, lda, b, transposeB, ldb,
                      c + first * n, ldc: n, m: count, n: n, k: k, alpha: alpha, beta: beta)
            }
        } else {
            // Bands of columns, a multiple of 16 (one AVX-512 vector) where possible.
            let band = (n + workers - 1) / workers
            let columns = band < 16 ? band : (band + 15) / 16 * 16
            Parallel.run((n + columns - 1) / columns) { part in
                let first = part * columns, count = Swift.min(columns, n - first)
                sgemm(a, transposeA, lda, transposeB ? b + first * ldb : b + first, transposeB, ldb,
                      c + first, ldc: n, m: m, n: count, k: k, alpha: alpha, beta: beta)
            }
        }
    }

    /// One `cblas_sgemm` call with explicit leading dimensions (row-major).
    @usableFromInline
    static func sgemm(_ a: UnsafePointer<Float>, _ transposeA: Bool, _ lda: Int,
                      _ b: UnsafePointer<Float>, _ transposeB: Bool, _ ldb: Int,
                      _ c: UnsafeMutablePointer<Float>, ldc: Int, m: Int, n: Int, k: Int, alpha: Float, beta: Float) {
        cblas_sgemm(CblasRowMajor,
                    transposeA ? CblasTrans : CblasNoTrans,
                    transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
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
