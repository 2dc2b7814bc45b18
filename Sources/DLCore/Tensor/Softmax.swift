#if canImport(Glibc)
import Glibc
#endif

// Softmax and log-softmax along an axis, computed stably, with pullbacks.

extension Tensor {
    /// `[outer, length, inner]` layout around `axis`.
    func axisLayout(_ axis: Int) -> (outer: Int, length: Int, inner: Int) {
        let a = normalizedAxis(axis)
        return (shape[..<a].reduce(1, *), shape[a], shape[(a + 1)...].reduce(1, *))
    }
}

/// Writes softmax (or log-softmax) of `x` along the middle axis of `[outer, length, inner]`.
private func softmaxKernel(_ x: UnsafeBufferPointer<Float>, _ out: UnsafeMutableBufferPointer<Float>,
                           outer: Int, length: Int, inner: Int, log logarithm: Bool) {
    guard let xp = x.baseAddress, let op = out.baseAddress else { return }
    for o in 0..<outer {
        for i in 0..<inner {
            let base = o * length * inner + i
            var maxValue = -Float.infinity
            for l in 0..<length { maxValue = Swift.max(maxValue, xp[base + l * inner]) }
            var total: Float = 0
            for l in 0..<length {
                let e = expf(xp[base + l * inner] - maxValue)
                op[base + l * inner] = e
                total += e
            }
            if logarithm {
                let logTotal = logf(total) + maxValue
                for l in 0..<length { op[base + l * inner] = xp[base + l * inner] - logTotal }
            } else {
                let scale = 1 / total
                for l in 0..<length { op[base + l * inner] *= scale }
            }
        }
    }
}

/// exp(x) / Σ exp(x) along `axis`.
public func softmax(_ x: Tensor, axis: Int = -1) -> Tensor {
    let layout = x.axisLayout(axis)
    let y = Tensor(shape: x.shape) { out in
        x.withUnsafeBufferPointer { softmaxKernel($0, out, outer: layout.outer, length: layout.length, inner: layout.inner, log: false) }
    }
    return recordOperation(inputs: [x], output: y) { g in
        // dx = y ⊙ (g − Σ(g ⊙ y))
        let gy = g * y
        return [gy - y * gy.sum(axis: axis, keepDims: true)]
    }
}

/// x − log Σ exp(x) along `axis`.
public func logSoftmax(_ x: Tensor, axis: Int = -1) -> Tensor {
    let layout = x.axisLayout(axis)
    let y = Tensor(shape: x.shape) { out in
        x.withUnsafeBufferPointer { softmaxKernel($0, out, outer: layout.outer, length: layout.length, inner: layout.inner, log: true) }
    }
    return recordOperation(inputs: [x], output: y) { g in
        // dx = g − softmax(x) · Σ g
        [g - exp(y) * g.sum(axis: axis, keepDims: true)]
    }
}
