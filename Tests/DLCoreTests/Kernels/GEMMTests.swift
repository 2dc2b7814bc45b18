import DLCore
import DLTestSupport
import XCTest

final class GEMMTests: XCTestCase {
    func testMatchesReferenceOnOddShapes() {
        for (m, n, k) in [(1, 1, 1), (1, 17, 1), (17, 1, 33), (5, 7, 3), (16, 16, 16), (31, 18, 47), (2, 65, 9)] {
            for transposeA in [false, true] {
                for transposeB in [false, true] {
                    let a = Tensor.randomUniform([m * k], min: -1, max: 1, seed: UInt64(m * 100 + k)).scalars
                    let b = Tensor.randomUniform([k * n], min: -1, max: 1, seed: UInt64(n * 100 + k)).scalars
                    var c = [Float](repeating: .nan, count: m * n)
                    a.withUnsafeBufferPointer { ap in b.withUnsafeBufferPointer { bp in c.withUnsafeMutableBufferPointer { cp in
                        GEMM.multiply(ap.baseAddress!, transposeA: transposeA, bp.baseAddress!, transposeB: transposeB,
                                      into: cp.baseAddress!, m: m, n: n, k: k)
                    } } }
                    let expected = GEMM.referenceMultiply(a, transposeA: transposeA, b, transposeB: transposeB, m: m, n: n, k: k)
                    assertScalarsClose(c, expected, accuracy: 1e-4, "m \(m) n \(n) k \(k) tA \(transposeA) tB \(transposeB)")
                }
            }
        }
    }

    /// Products large enough to be cut into bands across the workers: bands of rows (m ≥ n) and of
    /// columns (n > m), sizes not multiples of the band rounding, with alpha and beta.
    func testSplitProductsMatchReference() {
        for (m, n, k) in [(1031, 67, 17), (37, 1100, 29), (1025, 1025, 1)] {
            XCTAssertGreaterThanOrEqual(m * n * k, GEMM.minimumParallelWork)
            for transposeA in [false, true] {
                for transposeB in [false, true] {
                    let a = Tensor.randomUniform([m * k], min: -1, max: 1, seed: UInt64(m + k)).scalars
                    let b = Tensor.randomUniform([k * n], min: -1, max: 1, seed: UInt64(n + k)).scalars
                    let c0 = Tensor.randomUniform([m * n], min: -1, max: 1, seed: UInt64(m + n)).scalars
                    var c = c0
                    a.withUnsafeBufferPointer { ap in b.withUnsafeBufferPointer { bp in c.withUnsafeMutableBufferPointer { cp in
                        GEMM.multiply(ap.baseAddress!, transposeA: transposeA, bp.baseAddress!, transposeB: transposeB,
                                      into: cp.baseAddress!, m: m, n: n, k: k, alpha: 2, beta: 0.5)
                    } } }
                    let product = GEMM.referenceMultiply(a, transposeA: transposeA, b, transposeB: transposeB, m: m, n: n, k: k)
                    let expected = zip(product, c0).map { 2 * $0 + 0.5 * $1 }
                    assertScalarsClose(c, expected, accuracy: 1e-3, "m \(m) n \(n) k \(k) tA \(transposeA) tB \(transposeB)")
                }
            }
        }
    }

    /// A and B as views into wider rows (explicit lda, ldb), small and split into bands.
    func testViewsWithLeadingDimensions() {
        for (m, n, k) in [(3, 5, 2), (1031, 67, 17), (37, 1100, 29)] {
            for transposeA in [false, true] {
                for transposeB in [false, true] {
                    let (aRows, aColumns) = transposeA ? (k, m) : (m, k)
                    let (bRows, bColumns) = transposeB ? (n, k) : (k, n)
                    let (lda, ldb) = (aColumns + 3, bColumns + 5)
                    let a = Tensor.randomUniform([aRows * lda], min: -1, max: 1, seed: UInt64(m + 1)).scalars
                    let b = Tensor.randomUniform([bRows * ldb], min: -1, max: 1, seed: UInt64(n + 2)).scalars
                    // The dense matrices the views show.
                    let denseA = (0..<aRows).flatMap { r in a[(r * lda)..<(r * lda + aColumns)] }
                    let denseB = (0..<bRows).flatMap { r in b[(r * ldb)..<(r * ldb + bColumns)] }
                    var c = [Float](repeating: .nan, count: m * n)
                    a.withUnsafeBufferPointer { ap in b.withUnsafeBufferPointer { bp in c.withUnsafeMutableBufferPointer { cp in
                        GEMM.multiply(ap.baseAddress!, transposeA: transposeA, bp.baseAddress!, transposeB: transposeB,
                                      into: cp.baseAddress!, m: m, n: n, k: k, lda: lda, ldb: ldb)
                    } } }
                    let expected = GEMM.referenceMultiply(denseA, transposeA: transposeA, denseB, transposeB: transposeB,
                                                          m: m, n: n, k: k)
                    assertScalarsClose(c, expected, accuracy: 1e-3, "m \(m) n \(n) k \(k) tA \(transposeA) tB \(transposeB)")
                }
            }
        }
    }

    func testAlphaAndBeta() {
        let a: [Float] = [1, 2, 3, 4], b: [Float] = [1, 0, 0, 1]
        var c: [Float] = [10, 10, 10, 10]
        a.withUnsafeBufferPointer { ap in b.withUnsafeBufferPointer { bp in c.withUnsafeMutableBufferPointer { cp in
            GEMM.multiply(ap.baseAddress!, transposeA: false, bp.baseAddress!, transposeB: false,
                          into: cp.baseAddress!, m: 2, n: 2, k: 2, alpha: 2, beta: 0.5)
        } } }
        XCTAssertEqual(c, [7, 9, 11, 13])
    }

    /// Products of one to `maximumVectorRows` rows (sgemv, one call per row, unless A is
    /// transposed or `vectorRows` is false) and just above it (sgemm), every transpose, with alpha
    /// and beta, on dense matrices and on views with wider rows; C starts as NaN where beta is 0
    /// (its old contents must not leak into the result).
    func testFewRowsMatchReference() {
        XCTAssertEqual(GEMM.maximumVectorRows, 3)
        for m in [1, 2, 3, 4, 7] {
            for (n, k) in [(1, 1), (33, 17), (256, 300)] {
                for transposeA in [false, true] {
                    for transposeB in [false, true] {
                        for (alpha, beta) in [(Float(1), Float(0)), (2, 0.5)] {
                            for (padded, vectorRows) in [(false, true), (true, true), (false, false)] {
                                checkFewRows(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB,
                                             alpha: alpha, beta: beta, padding: padded ? (3, 5) : (0, 0), vectorRows: vectorRows)
                            }
                        }
                    }
                }
            }
        }
    }

    private func checkFewRows(m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool,
                              alpha: Float, beta: Float, padding: (Int, Int), vectorRows: Bool) {
        let (aRows, aColumns) = transposeA ? (k, m) : (m, k)
        let (bRows, bColumns) = transposeB ? (n, k) : (k, n)
        let (lda, ldb) = (aColumns + padding.0, bColumns + padding.1)
        let a = Tensor.randomUniform([aRows * lda], min: -1, max: 1, seed: UInt64(m * 31 + k)).scalars
        let b = Tensor.randomUniform([bRows * ldb], min: -1, max: 1, seed: UInt64(n * 37 + k)).scalars
        let denseA = (0..<aRows).flatMap { r in a[(r * lda)..<(r * lda + aColumns)] }
        let denseB = (0..<bRows).flatMap { r in b[(r * ldb)..<(r * ldb + bColumns)] }
        let c0 = beta == 0 ? [Float](repeating: .nan, count: m * n)
                           : Tensor.randomUniform([m * n], min: -1, max: 1, seed: UInt64(m + n)).scalars
        var c = c0
        a.withUnsafeBufferPointer { ap in b.withUnsafeBufferPointer { bp in c.withUnsafeMutableBufferPointer { cp in
            GEMM.multiply(ap.baseAddress!, transposeA: transposeA, bp.baseAddress!, transposeB: transposeB,
                          into: cp.baseAddress!, m: m, n: n, k: k, lda: lda, ldb: ldb, alpha: alpha, beta: beta,
                          vectorRows: vectorRows)
        } } }
        let product = GEMM.referenceMultiply(denseA, transposeA: transposeA, denseB, transposeB: transposeB, m: m, n: n, k: k)
        let expected = zip(product, c0).map { beta == 0 ? alpha * $0 : alpha * $0 + beta * $1 }
        assertScalarsClose(c, expected, accuracy: 1e-3,
                           "m \(m) n \(n) k \(k) tA \(transposeA) tB \(transposeB) alpha \(alpha) beta \(beta) lda \(lda) ldb \(ldb) "
                           + "vectorRows \(vectorRows)")
    }

    func testEmptyInnerDimensionScalesC() {
        var c: [Float] = [2, 4]
        let empty: [Float] = [0]
        empty.withUnsafeBufferPointer { ep in c.withUnsafeMutableBufferPointer { cp in
            GEMM.multiply(ep.baseAddress!, transposeA: false, ep.baseAddress!, transposeB: false,
                          into: cp.baseAddress!, m: 1, n: 2, k: 0, beta: 0.5)
        } }
        XCTAssertEqual(c, [1, 2])
    }
}
