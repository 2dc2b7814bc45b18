// Matrix products through OpenBLAS, with pullbacks.

/// The matrix product `a · b`: `[m, k] · [k, n] → [m, n]`, or batched `[b, m, k] · [b, k, n] → [b, m, n]`.
public func matmul(_ a: Tensor, _ b: Tensor) -> Tensor {
    matmul(a, transposeA: false, b, transposeB: false)
}

/// `op(a) · op(b)` where `op` transposes the last two dimensions when asked (rank 2 or batched rank 3).
public func matmul(_ a: Tensor, transposeA: Bool, _ b: Tensor, transposeB: Bool) -> Tensor {
    check((a.rank == 2 && b.rank == 2) || (a.rank == 3 && b.rank == 3 && a.shape[0] == b.shape[0]),
          "matmul: needs two rank-2 or two rank-3 tensors with the same batch, received \(a.shape) and \(b.shape)")
    let batch = a.rank == 3 ? a.shape[0] : 1
    let (ar, ac) = (a.shape[a.rank - 2], a.shape[a.rank - 1])
    let (br, bc) = (b.shape[b.rank - 2], b.shape[b.rank - 1])
    let (m, k) = transposeA ? (ac, ar) : (ar, ac)
    let (k2, n) = transposeB ? (bc, br) : (br, bc)
    check(k == k2, "matmul: inner dimensions differ: \(a.shape)\(transposeA ? "ᵀ" : "") · \(b.shape)\(transposeB ? "ᵀ" : "")")
    let outShape = a.rank == 3 ? [batch, m, n] : [m, n]
    let out = Tensor(shape: outShape) { c in
        a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                for i in 0..<batch {
                    GEMM.multiply(ap.baseAddress! + i * m * k, transposeA: transposeA,
                                  bp.baseAddress! + i * k * n, transposeB: transposeB,
                                  into: c.baseAddress! + i * m * n, m: m, n: n, k: k)
                }
            }
        }
    }
    let (ca, cb) = (a.detached, b.detached)
    let (needA, needB) = (a.isOnActiveTape, b.isOnActiveTape)
    return recordOperation(inputs: [a, b], output: out) { g in
        // C = op(A)·op(B): dA = g·op(B)ᵀ (transposed back if A was), dB likewise; constants get none.
        let da = !needA ? nil : transposeA ? matmul(cb, transposeA: transposeB, g, transposeB: true)
                                           : matmul(g, transposeA: false, cb, transposeB: !transposeB)
        let db = !needB ? nil : transposeB ? matmul(g, transposeA: true, ca, transposeB: transposeA)
                                           : matmul(ca, transposeA: !transposeA, g, transposeB: false)
        return [da, db]
    }
}
