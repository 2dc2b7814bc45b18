// Zero padding along one axis (ZeroPadding1D/2D), with its pullback.

/// `x` with `before` zeros in front of and `after` zeros behind it along `axis`
/// (negative axes count from the end): shape `[…, L, …] → […, before + L + after, …]`.
/// The gradient is the incoming gradient's slice over the original cells.
/// - Precondition: `before ≥ 0`, `after ≥ 0`, and `axis` is in range.
public func zeroPadded(_ x: Tensor, axis: Int, before: Int, after: Int) -> Tensor {
    check(before >= 0 && after >= 0,
          "zeroPadded: padding must be non-negative, received before \(before), after \(after) for shape \(x.shape)")
    let a = x.normalizedAxis(axis)
    let (outer, length, inner) = x.axisLayout(a)
    let paddedLength = before + length + after
    var outShape = x.shape
    outShape[a] = paddedLength
    let out = Tensor(shape: outShape) { o in
        guard let op = o.baseAddress else { return }
        x.storage.withUnsafeBufferPointer { xb in
            for r in 0..<outer {
                let dst = op + r * paddedLength * inner
                dst.update(repeating: 0, count: before * inner)
                if let xp = xb.baseAddress { (dst + before * inner).update(from: xp + r * length * inner, count: length * inner) }
                (dst + (before + length) * inner).update(repeating: 0, count: after * inner)
            }
        }
    }
    return recordOperation(inputs: [x], output: out) { grad in [grad.slice(axis: a, before..<(before + length))] }
}
