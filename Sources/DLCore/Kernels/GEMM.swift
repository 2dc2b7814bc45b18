import COpenBLAS

/// Every matrix product of SwiftDL goes through here, to OpenBLAS `cblas_sgemm` (`cblas_sgemv`
/// for a few rows).
///
/// Shapes (row-major): `C[m, n] = alpha * op(A)[m, k] · op(B)[k, n] + beta * C`, where
/// `op(A)` is `A` (stored `[m, k]`, lda = k) or `Aᵀ` (stored `[k, m]`, lda = m), and likewise
/// `op(B)` is `B` (stored `[k, n]`, ldb = n) or `Bᵀ` (stored `[n, k]`, ldb = k); ldc = n.
/// A or B may instead be a view into wider rows (`lda`, `ldb` given: the distance between rows).
///
/// Products of one or a few rows of a plain A (`m` ≤ `maximumVectorRows`, A not transposed: a
/// single image, a batch of 2–3) go to `cblas_sgemv` instead, one call per row of C, because
/// `cblas_sgemm` packs the whole of op(B) on every call: a `Dense(256)` on one 784-long input took
/// about 33 µs through sgemm (50 µs on an AVX2 EPYC) and 7.5 µs through sgemv, which streams op(B)
/// once. Row i of C is `c_i[n] = op(B)ᵀ · a_i[k]`, `a_i` = A's row i at `a + i·lda`. Row-major
/// sgemv (`y = alpha · op(M) · x + beta · y`, M stored `[rows, cols]`, leading dimension ld) takes:
/// - op(B) = B, stored `[k, n]`: M = B, rows k, cols n, ld = ldb, transposed (`y[n] = Bᵀ x[k]`);
/// - op(B) = Bᵀ, B stored `[n, k]`: M = B, rows n, cols k, ld = ldb, not transposed (`y[n] = B x[k]`).
/// Only the summation order differs from sgemm. Training keeps sgemm exactly as before: its
/// batches of 4 samples or more give products of as many rows, and its products whose few rows
/// are not samples (a weight gradient `xᵀ · dz` over 1–3 inputs, a convolution's with 1–3 filters
/// or patch elements) have A transposed or pass `vectorRows: false`. Reference: the BLAS level-2
/// `SGEMV` (netlib.org/lapack/explore-html, `sgemv`) and OpenBLAS's `cblas_sgemv`.
///
/// OpenBLAS runs on one thread (see `Parallel`): a large product is cut here into bands of C's
/// rows (or of its columns, when C is wider than tall), one single-threaded `cblas_sgemm` per
/// band on `Parallel.workers` threads. A band of rows reads the matching rows of op(A) and all of
/// op(B); a band of columns reads all of op(A) and the matching columns of op(B); the leading
/// dimensions stay those of the whole matrices.
package enum GEMM {
    /// Products with fewer multiply-adds (`m·n·k`) than this run on the calling thread: below it,
    /// waking a second thread costs about as much as it saves (about 2 MFLOP, 20 µs on one core).
    package static let minimumParallelWork = 1 << 20

    /// Products with at most this many rows (`m`) of a plain A go through `cblas_sgemv`, one call
    /// per row (see above). Measured (AVX-512 EPYC, k 784, n 256): 1 row 7.5 µs against sgemm's
    /// 32 µs, 2 rows 14 against 34, 4 rows 30 against 27: sgemv's cost grows with the rows,
    /// sgemm's barely.
    package static let maximumVectorRows = 3

    /// `C = alpha · op(A) · op(B) + beta · C` through `cblas_sgemm` (row-major), split across
    /// `Parallel.workers` threads when large and `parallel` (kernels that already run on their
    /// own workers pass `parallel: false`). `lda` and `ldb` default to the dense row lengths.
    /// `vectorRows: false` keeps a product of few rows on sgemm (training's weight gradients).
    @inlinable
    package static func multiply(
        _ a: UnsafePointer<Float>, transposeA: Bool,
        _ b: UnsafePointer<Float>, transposeB: Bool,
        into c: UnsafeMutablePointer<Float>,
        m: Int, n: Int, k: Int, lda: Int? = nil, ldb: Int? = nil, alpha: Float = 1, beta: Float = 0,
        parallel: Bool = true, vectorRows: Bool = true
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
        if vectorRows && !transposeA && m <= maximumVectorRows {
            multiplyRows(a, lda, b, transposeB, ldb, c, m: m, n: n, k: k, alpha: alpha, beta: beta)
            return
        }
        let workers = parallel && m * n * k >= minimumParallelWork ? available : 1
        guard workers > 1 else {
            sgemm(a, transposeA, lda, b, transposeB, ldb, c, ldc: n, m: m, n: n, k: k, alpha: alpha, beta: beta)
            return
        }
        if m >= n {
            let rows = rowBand(m: m, workers: workers)
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

    /// The rows of each band when `multiply` splits a product of `m` rows by rows over `workers`
    /// threads: a multiple of 8 (whole register tiles) where possible.
    @usableFromInline
    static func rowBand(m: Int, workers: Int) -> Int {
        let band = (m + workers - 1) / workers
        return band < 8 ? band : (band + 7) / 8 * 8
    }

    /// The bands of rows `multiply` (with `parallel`) cuts `C[m, n] = op(A)[m, k] · op(B)` into, each
    /// one single-threaded sgemm; nil when it runs the product whole or cuts it into bands of columns.
    /// OpenBLAS's sums depend on a product's shape (its row count too), so a kernel that wants the
    /// same bits as `multiply` while running rows apart must use these bands.
    package static func rowBands(m: Int, n: Int, k: Int) -> [Range<Int>]? {
        let workers = Parallel.workers
        guard workers > 1, m > maximumVectorRows, m * n * k >= minimumParallelWork, m >= n else { return nil }
        let rows = rowBand(m: m, workers: workers)
        return stride(from: 0, to: m, by: rows).map { $0..<Swift.min(m, $0 + rows) }
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

    /// `C = alpha · A · op(B) + beta · C` for a few rows of A: one `cblas_sgemv` per row of C
    /// (the row-major mapping is in the type's comment); ldc = n.
    @usableFromInline
    static func multiplyRows(_ a: UnsafePointer<Float>, _ lda: Int,
                             _ b: UnsafePointer<Float>, _ transposeB: Bool, _ ldb: Int,
                             _ c: UnsafeMutablePointer<Float>, m: Int, n: Int, k: Int, alpha: Float, beta: Float) {
        // With beta = 0, C's old contents (maybe NaN, in an uninitialized buffer) must not leak
        // through `0 · NaN`: C is cleared first.
        if beta == 0 { c.update(repeating: 0, count: m * n) }
        let (rows, columns) = transposeB ? (n, k) : (k, n)
        for i in 0..<m {
            cblas_sgemv(CblasRowMajor, transposeB ? CblasNoTrans : CblasTrans, Int32(rows), Int32(columns),
                        alpha, b, Int32(ldb), a + i * lda, 1, beta, c + i * n, 1)
        }
    }

    /// The naive reference of `multiply` (triple loop), for tests.
    package static func referenceMultiply(
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
