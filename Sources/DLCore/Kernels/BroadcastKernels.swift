/// Broadcasting (NumPy rules) for element-wise binary ops and its reverse, summing a gradient
/// back to an input's shape.
package enum BroadcastKernels {
    /// The broadcast shape of `a` and `b`, or `nil` when they are incompatible.
    package static func shape(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = Swift.max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            if da == db || db == 1 { result[i] = da } else if da == 1 { result[i] = db } else { return nil }
        }
        return result
    }

    /// Row-major strides of `shape` aligned to `outShape`, with 0 for broadcast dimensions.
    static func strides(of shape: [Int], in outShape: [Int]) -> [Int] {
        var strides = [Int](repeating: 0, count: outShape.count)
        var step = 1
        let offset = outShape.count - shape.count
        for i in Swift.stride(from: shape.count - 1, through: 0, by: -1) {
            strides[i + offset] = shape[i] == 1 ? 0 : step
            step *= shape[i]
        }
        return strides
    }

    /// `out[i] = op(a[ia], b[ib])` over the broadcast shape `outShape`.
    /// Shapes: a `aShape`, b `bShape`, out `outShape` (their broadcast).
    @inline(__always)
    package static func binary(
        _ a: UnsafeBufferPointer<Float>, _ aShape: [Int],
        _ b: UnsafeBufferPointer<Float>, _ bShape: [Int],
        _ out: UnsafeMutableBufferPointer<Float>, _ outShape: [Int],
        _ op: (Float, Float) -> Float
    ) {
        let count = out.count
        if count == 0 { return }
        let ap = a.baseAddress!, bp = b.baseAddress!, op_ = out.baseAddress!
        if aShape == bShape {
            Parallel.forRanges(count) { s, e in for i in s..<e { op_[i] = op(ap[i], bp[i]) } }
            return
        }
        if b.count == 1 {
            let bv = bp[0]
            Parallel.forRanges(count) { s, e in for i in s..<e { op_[i] = op(ap[i], bv) } }
            return
        }
        if a.count == 1 {
            let av = ap[0]
            Parallel.forRanges(count) { s, e in for i in s..<e { op_[i] = op(av, bp[i]) } }
            return
        }
        if a.count == count && outShape.suffix(bShape.count).elementsEqual(bShape) {
            // b repeats along the leading dimensions (a bias row).
            let inner = b.count, rows = count / inner
            Parallel.forRanges(rows, minimumCount: Swift.max(1, Parallel.minimumParallelCount / inner)) { s, e in
                for r in s..<e { let base = r * inner; for j in 0..<inner { op_[base + j] = op(ap[base + j], bp[j]) } }
            }
            return
        }
        // General case: walk the output with a multi-index; the innermost dimension is a tight loop.
        let rank = outShape.count
        let aStrides = strides(of: aShape, in: outShape)
        let bStrides = strides(of: bShape, in: outShape)
        let inner = outShape[rank - 1]
        let aInner = aStrides[rank - 1], bInner = bStrides[rank - 1]
        var index = [Int](repeating: 0, count: rank)
        var position = 0
        while position < count {
            var aOffset = 0, bOffset = 0
            for d in 0..<(rank - 1) { aOffset += index[d] * aStrides[d]; bOffset += index[d] * bStrides[d] }
            for j in 0..<inner { op_[position + j] = op(ap[aOffset + j * aInner], bp[bOffset + j * bInner]) }
            position += inner
            var d = rank - 2
            while d >= 0 {
                index[d] += 1
                if index[d] < outShape[d] { break }
                index[d] = 0
                d -= 1
            }
        }
    }

    /// Sums `grad` (shape `gradShape`) over the dimensions that broadcasting expanded, giving a
    /// tensor of `targetShape` (the reverse of broadcasting `targetShape` to `gradShape`).
    package static func sumToShape(_ grad: [Float], _ gradShape: [Int], _ targetShape: [Int]) -> [Float] {
        if gradShape == targetShape { return grad }
        let targetCount = targetShape.reduce(1, *)
        var result = [Float](repeating: 0, count: targetCount)
        if grad.isEmpty { return result }
        result.withUnsafeMutableBufferPointer { out in
            grad.withUnsafeBufferPointer { g in
                let op = out.baseAddress!, gp = g.baseAddress!
                if targetCount == 1 {
                    var sum: Float = 0
                    for i in 0..<g.count { sum += gp[i] }
                    op[0] = sum
                    return
                }
                if gradShape.suffix(targetShape.count).elementsEqual(targetShape) {
                    let inner = targetCount, rows = g.count / inner
                    for r in 0..<rows { let base = r * inner; for j in 0..<inner { op[j] += gp[base + j] } }
                    return
                }
                let rank = gradShape.count
                let tStrides = strides(of: targetShape, in: gradShape)
                let inner = gradShape[rank - 1], tInner = tStrides[rank - 1]
                var index = [Int](repeating: 0, count: rank)
                var position = 0
                while position < g.count {
                    var offset = 0
                    for d in 0..<(rank - 1) { offset += index[d] * tStrides[d] }
                    for j in 0..<inner { op[offset + j * tInner] += gp[position + j] }
                    position += inner
                    var d = rank - 2
                    while d >= 0 {
                        index[d] += 1
                        if index[d] < gradShape[d] { break }
                        index[d] = 0
                        d -= 1
                    }
                }
            }
        }
        return result
    }
}
