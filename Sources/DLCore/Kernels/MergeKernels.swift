/// Element-wise merges of n tensors of one shape (Keras's merge layers), each one pass over the
/// output, plus the axis move that `Dot` uses to bring a contracted axis next to the batch.
/// Every input pointer holds `count` scalars; the output `count` scalars. Long runs split across
/// the workers in contiguous ranges.
package enum MergeKernels {
    /// `out[i] = (Σ_k x_k[i]) / divisor` (`divisor` 1 for a sum, n for Keras's `Average`), the sum
    /// taken in input order as Keras's pairwise fold does.
    package static func sum(_ inputs: [UnsafePointer<Float>], count: Int, divisor: Float = 1,
                           into out: UnsafeMutablePointer<Float>) {
        guard let first = inputs.first else { return }
        let rest = Array(inputs.dropFirst())
        Parallel.forRanges(count) { s, e in
            for i in s..<e { out[i] = first[i] }
            for x in rest { for i in s..<e { out[i] += x[i] } }
            if divisor != 1 { for i in s..<e { out[i] /= divisor } }
        }
    }

    /// `out[i] = max(Σ_k x_k[i], 0)`: `sum` followed by ReLU in the same pass (NaN stays NaN, −0
    /// becomes +0, as the relu op's kernel gives), the sum taken in input order, eight at a time.
    package static func sumReLU(_ inputs: [UnsafePointer<Float>], count: Int, into out: UnsafeMutablePointer<Float>) {
        guard let first = inputs.first else { return }
        let rest = Array(inputs.dropFirst())
        Parallel.forRanges(count) { s, e in
            rest.withUnsafeBufferPointer { others in
                var i = s
                while i + 8 <= e {
                    var v = UnsafeRawPointer(first + i).loadUnaligned(as: SIMD8<Float>.self)
                    for x in others { v += UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self) }
                    v.replace(with: 0, where: v .<= 0)
                    UnsafeMutableRawPointer(out + i).storeBytes(of: v, as: SIMD8<Float>.self)
                    i += 8
                }
                while i < e {
                    var v = first[i]
                    for x in others { v += x[i] }
                    out[i] = v <= 0 ? 0 : v
                    i += 1
                }
            }
        }
    }

    /// `out[i] = Π_k x_k[i]`, in input order.
    package static func product(_ inputs: [UnsafePointer<Float>], count: Int, into out: UnsafeMutablePointer<Float>) {
        guard let first = inputs.first else { return }
        let rest = Array(inputs.dropFirst())
        Parallel.forRanges(count) { s, e in
            for i in s..<e { out[i] = first[i] }
            for x in rest { for i in s..<e { out[i] *= x[i] } }
        }
    }

    /// `out[i] = g[i] · Π_{k ≠ skip} x_k[i]`: the gradient of a product with respect to input `skip`.
    package static func productGradient(_ g: UnsafePointer<Float>, _ inputs: [UnsafePointer<Float>], skipping skip: Int,
                                       count: Int, into out: UnsafeMutablePointer<Float>) {
        let others = inputs.enumerated().filter { $0.offset != skip }.map(\.element)
        Parallel.forRanges(count) { s, e in
            for i in s..<e { out[i] = g[i] }
            for x in others { for i in s..<e { out[i] *= x[i] } }
        }
    }

    /// `out[i] = max_k x_k[i]` (NaN wins, as in TensorFlow's `maximum`).
    package static func maximum(_ inputs: [UnsafePointer<Float>], count: Int, into out: UnsafeMutablePointer<Float>) {
        guard let first = inputs.first else { return }
        let rest = Array(inputs.dropFirst())
        Parallel.forRanges(count) { s, e in
            for i in s..<e { out[i] = first[i] }
            for x in rest {
                for i in s..<e where x[i] > out[i] || x[i].isNaN { out[i] = x[i] }
            }
        }
    }

    /// The gradients of `maximum`: `grads[k][i] = g[i]` for the first input holding the maximum of
    /// element `i` (the first on ties, as Keras's pairwise fold of `maximum` gives), 0 for the others.
    /// `grads` are written in full.
    package static func maximumGradient(_ g: UnsafePointer<Float>, _ inputs: [UnsafePointer<Float>], count: Int,
                                       into grads: [UnsafeMutablePointer<Float>]) {
        let n = inputs.count
        Parallel.forRanges(count) { s, e in
            for i in s..<e {
                var best = 0
                var value = inputs[0][i]
                for k in 1..<Swift.max(n, 1) where inputs[k][i] > value || (inputs[k][i].isNaN && !value.isNaN) {
                    best = k; value = inputs[k][i]
                }
                for k in 0..<n { grads[k][i] = k == best ? g[i] : 0 }
            }
        }
    }

    /// `out[i] = |a[i] − b[i]|` (the Siamese L1 distance).
    package static func l1Distance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int,
                                  into out: UnsafeMutablePointer<Float>) {
        Parallel.forRanges(count) { s, e in for i in s..<e { out[i] = Swift.abs(a[i] - b[i]) } }
    }

    /// The gradient of `l1Distance` with respect to `a`: `da[i] = sign(a[i] − b[i]) · g[i]` (0 where
    /// they are equal); the gradient with respect to `b` is its negation.
    package static func l1DistanceGradient(_ g: UnsafePointer<Float>, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                                          count: Int, into da: UnsafeMutablePointer<Float>) {
        Parallel.forRanges(count) { s, e in
            for i in s..<e {
                let d = a[i] - b[i]
                da[i] = d > 0 ? g[i] : (d < 0 ? -g[i] : 0)
            }
        }
    }

    /// Joins inputs along an axis: input k is `[outer, rows[k]]` (its scalars per outer index in one
    /// run), the output `[outer, Σ rows]`, each run copied whole; large outputs split over `outer`.
    package static func concatenate(_ inputs: [UnsafePointer<Float>], rows: [Int], outer: Int,
                                   into out: UnsafeMutablePointer<Float>) {
        let total = rows.reduce(0, +)
        Parallel.forRanges(outer, minimumCount: Swift.max(1, Parallel.minimumParallelCount / Swift.max(total, 1))) { s, e in
            for o in s..<e {
                var dst = out + o * total
                for (x, row) in zip(inputs, rows) {
                    dst.update(from: x + o * row, count: row)
                    dst += row
                }
            }
        }
    }

    /// The reverse of `concatenate` for one input: `out[o, j] = g[o, offset + j]` for `j < row`,
    /// from `g` of shape `[outer, total]`.
    package static func slice(_ g: UnsafePointer<Float>, row: Int, offset: Int, total: Int, outer: Int,
                             into out: UnsafeMutablePointer<Float>) {
        Parallel.forRanges(outer, minimumCount: Swift.max(1, Parallel.minimumParallelCount / Swift.max(row, 1))) { s, e in
            for o in s..<e { (out + o * row).update(from: g + o * total + offset, count: row) }
        }
    }

    /// Moves the middle block of a `[outer, length, middle, inner]` layout past the other:
    /// `out[o, m, l, i] = x[o, l, m, i]` (an axis of size `length` moved behind `middle`'s axes;
    /// with `length` and `middle` swapped, the move back).
    package static func swapBlocks(_ x: UnsafePointer<Float>, outer: Int, length: Int, middle: Int, inner: Int,
                                  into out: UnsafeMutablePointer<Float>) {
        for o in 0..<outer {
            let src = x + o * length * middle * inner, dst = out + o * length * middle * inner
            for l in 0..<length {
                for m in 0..<middle {
                    (dst + (m * length + l) * inner).update(from: src + (l * middle + m) * inner, count: inner)
                }
            }
        }
    }
}
