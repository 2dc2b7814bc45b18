// Naive references of the merge kernels (one scalar at a time, no splitting), for the tests.

extension MergeKernels {
    /// `(Σ_k x_k[i]) / divisor`, one element at a time.
    package static func referenceSum(_ inputs: [[Float]], divisor: Float = 1) -> [Float] {
        (0..<(inputs.first?.count ?? 0)).map { i in inputs.dropFirst().reduce(inputs[0][i]) { $0 + $1[i] } / divisor }
    }

    /// `max(Σ_k x_k[i], 0)`, one element at a time (`v > 0 ? v : 0`, for data without NaN).
    package static func referenceSumReLU(_ inputs: [[Float]]) -> [Float] {
        referenceSum(inputs).map { $0 > 0 ? $0 : 0 }
    }

    /// `Π_k x_k[i]`, one element at a time.
    package static func referenceProduct(_ inputs: [[Float]]) -> [Float] {
        (0..<(inputs.first?.count ?? 0)).map { i in inputs.dropFirst().reduce(inputs[0][i]) { $0 * $1[i] } }
    }

    /// `max_k x_k[i]` by pairwise `Swift.max` (no NaN in the tests' data).
    package static func referenceMaximum(_ inputs: [[Float]]) -> [Float] {
        (0..<(inputs.first?.count ?? 0)).map { i in inputs.dropFirst().reduce(inputs[0][i]) { Swift.max($0, $1[i]) } }
    }

    /// `|a[i] − b[i]|`, one element at a time.
    package static func referenceL1Distance(_ a: [Float], _ b: [Float]) -> [Float] {
        zip(a, b).map { Swift.abs($0 - $1) }
    }

    /// `out[o, m, l, i] = x[o, l, m, i]` by index arithmetic.
    package static func referenceSwapBlocks(_ x: [Float], outer: Int, length: Int, middle: Int, inner: Int) -> [Float] {
        var out = [Float](repeating: 0, count: x.count)
        for o in 0..<outer { for l in 0..<length { for m in 0..<middle { for i in 0..<inner {
            out[((o * middle + m) * length + l) * inner + i] = x[((o * length + l) * middle + m) * inner + i]
        } } } }
        return out
    }

    /// Inputs `[outer, rows[k]]` joined into `[outer, Σ rows]`, one scalar at a time.
    package static func referenceConcatenate(_ inputs: [[Float]], rows: [Int], outer: Int) -> [Float] {
        var out: [Float] = []
        for o in 0..<outer { for (x, row) in zip(inputs, rows) { for j in 0..<row { out.append(x[o * row + j]) } } }
        return out
    }
}
