#if canImport(Glibc)
import Glibc
#endif

/// Batch normalization kernels over a tensor viewed as `[outer, channels, inner]` around the
/// normalized axis; per channel, the statistics run over `count = outer · inner` values.
///
/// Shapes: x, y, g, dx `[outer, channels, inner]`; mean, invStd, scale, shift, sums `[channels]`.
/// With `inner == 1` (channels-last, Keras's `axis = -1`: `[N, H, W, C]` is `[N·H·W, C, 1]`) every
/// loop runs across the channels of one row, which vectorizes; otherwise each `(o, c)` holds a
/// contiguous run of `inner` values of channel `c`.
///
/// 1. `moments`: the mean and biased variance in one pass over x (shifted sums in Double).
/// 2. `normalize`: `y = (x − mean) · scale + shift` in one pass (training: `scale = γ/σ`, shift β;
///    inference folds the moving statistics into the same two vectors), optionally followed by
///    ReLU in the same pass.
/// 3. `gradientSums`: `Σ g` and `Σ g · (x − mean)` per channel in one pass (dβ and, times 1/σ, dγ).
/// 4. `inputGradient`: `dx = a · g + b · (x − mean) + d` per channel in one pass.
/// The backward kernels take an optional `mask` (the fused ReLU's output): g reads as 0 where
/// the mask is not positive, so that the ReLU's pullback needs no pass of its own.
///
/// Channels-last loops (`BatchNormKernels+ChannelsLast.swift`) run eight channels at a time and
/// sum blocks of rows in Float registers before adding them into the Double partials.
///
/// Reductions split the rows into chunks whose size depends on the shape only, each chunk summed
/// on a worker into its own partial sums, then the partials added in chunk order: the result is
/// the same on every run, whatever the number of workers. Element-wise passes split by rows.
package enum BatchNormKernels {
    /// Values per reduction chunk (about): enough to pay for a worker, few enough partials.
    static let chunkValues = 1 << 14

    /// The rows of `outer` per reduction chunk and the number of chunks, from the shape alone.
    static func chunking(outer: Int, channels: Int, inner: Int) -> (rows: Int, count: Int) {
        let rows = Swift.max(1, chunkValues / Swift.max(1, channels * inner))
        return (rows, (outer + rows - 1) / rows)
    }

    /// Two per-channel sums over chunks of rows: `accumulate(first, last, partial)` adds rows
    /// `first..<last` into `partial` (`[2 · channels]` Doubles, zeroed), on the workers for large
    /// tensors; the partials are then added in chunk order into `sums` (`[2 · channels]`).
    static func chunkedSums(outer: Int, channels: Int, inner: Int, into sums: UnsafeMutablePointer<Double>,
                            _ accumulate: (Int, Int, UnsafeMutablePointer<Double>) -> Void) {
        let (rows, chunks) = chunking(outer: outer, channels: channels, inner: inner)
        let width = 2 * channels
        sums.update(repeating: 0, count: width)
        guard chunks > 0 else { return }
        var partials = [Double](repeating: 0, count: chunks * width)
        partials.withUnsafeMutableBufferPointer { buffer in
            guard let pp = buffer.baseAddress else { return }
            func body(_ chunk: Int) {
                accumulate(chunk * rows, Swift.min(outer, (chunk + 1) * rows), pp + chunk * width)
            }
            if outer * channels * inner >= Parallel.minimumParallelCount { Parallel.run(chunks, body) } else {
                for chunk in 0..<chunks { body(chunk) }
            }
            for chunk in 0..<chunks {
                let partial = pp + chunk * width
                for j in 0..<width { sums[j] += partial[j] }
            }
        }
    }

    /// The per-channel mean and biased variance (`Σ(x − mean)² / count`, as Keras's `moments`) in
    /// one pass: sums of `x − k` and `(x − k)²` in Double, `k` the channel's first value (so the
    /// sums stay small when the mean is far from 0); the variance is clamped at 0.
    /// Shapes: x `[outer, channels, inner]` → mean, variance `[channels]`. Needs outer·inner ≥ 1.
    package static func moments(_ x: UnsafePointer<Float>, outer: Int, channels: Int, inner: Int,
                               mean: UnsafeMutablePointer<Float>, variance: UnsafeMutablePointer<Float>) {
        // The shift: each channel's first value (a Float, exact in Double too).
        var shift = [Float](repeating: 0, count: channels)
        var sums = [Double](repeating: 0, count: 2 * channels)
        for c in 0..<channels { shift[c] = x[c * inner] }
        shift.withUnsafeBufferPointer { kb in
            sums.withUnsafeMutableBufferPointer { sb in
                guard let k = kb.baseAddress, let sp = sb.baseAddress else { return }
                chunkedSums(outer: outer, channels: channels, inner: inner, into: sp) { first, last, partial in
                    let (s, q) = (partial, partial + channels)
                    if inner == 1 {
                        channelsLastMoments(x, first: first, last: last, channels: channels, shift: k, s: s, q: q)
                        return
                    }
                    for o in first..<last {
                        let row = x + o * channels * inner
                        for c in 0..<channels {
                            let (rs, rq) = runSums(row + c * inner, nil, count: inner, shift: Double(k[c]))
                            s[c] += rs; q[c] += rq
                        }
                    }
                }
                let count = Double(outer * inner)
                for c in 0..<channels {
                    let m = sp[c] / count
                    mean[c] = Float(Double(k[c]) + m)
                    variance[c] = Float(Swift.max(sp[channels + c] / count - m * m, 0))
                }
            }
        }
    }

    /// Over a run of `count` values of one channel (the layout with `inner > 1`), in Double with
    /// four independent lanes (a single running sum would wait on each add): without `x`,
    /// `Σ (v − shift)` and `Σ (v − shift)²` of the run `v`; with `x`, `Σ v` and `Σ v · (x − shift)`.
    @inline(__always)
    static func runSums(_ v: UnsafePointer<Float>, _ x: UnsafePointer<Float>?, count: Int, shift: Double) -> (Double, Double) {
        var first = SIMD4<Double>(), second = SIMD4<Double>()
        let k = SIMD4<Double>(repeating: shift)
        var i = 0
        while i + 4 <= count {
            let a = SIMD4<Double>(Double(v[i]), Double(v[i + 1]), Double(v[i + 2]), Double(v[i + 3]))
            if let x {
                let b = SIMD4<Double>(Double(x[i]), Double(x[i + 1]), Double(x[i + 2]), Double(x[i + 3])) - k
                first += a; second += a * b
            } else {
                let d = a - k
                first += d; second += d * d
            }
            i += 4
        }
        var (s, q) = (first.sum(), second.sum())
        while i < count {
            if let x { s += Double(v[i]); q += Double(v[i]) * (Double(x[i]) - shift) } else {
                let d = Double(v[i]) - shift
                s += d; q += d * d
            }
            i += 1
        }
        return (s, q)
    }

    /// `y = (x − mean) · scale + shift` per channel, with `relu` then `max(·, 0)` (NaN kept, as
    /// the relu op keeps it). Shapes: x, y `[outer, channels, inner]`; mean, scale, shift `[channels]`.
    package static func normalize(_ x: UnsafePointer<Float>, outer: Int, channels: Int, inner: Int,
                                 mean: UnsafePointer<Float>, scale: UnsafePointer<Float>, shift: UnsafePointer<Float>,
                                 relu: Bool = false, into y: UnsafeMutablePointer<Float>) {
        let rowSize = channels * inner
        Parallel.forRowBands(rows: outer, columns: rowSize) { first, last in
            if inner == 1 {
                channelsLastNormalize(x, first: first, last: last, channels: channels, mean: mean, scale: scale,
                                      shift: shift, relu: relu, into: y)
                return
            }
            for o in first..<last {
                let (src, dst) = (x + o * rowSize, y + o * rowSize)
                for c in 0..<channels {
                    let (m, a, b) = (mean[c], scale[c], shift[c])
                    let (run, out) = (src + c * inner, dst + c * inner)
                    if relu {
                        for i in 0..<inner { let v = (run[i] - m) * a + b; out[i] = v <= 0 ? 0 : v }
                    } else {
                        for i in 0..<inner { out[i] = (run[i] - m) * a + b }
                    }
                }
            }
        }
    }

    /// `Σ g` and `Σ g · (x − mean)` per channel, in Double: `sums[0..<channels]` and
    /// `sums[channels..<2·channels]`; g reads as 0 where `mask` is not positive. Shapes: g, x,
    /// mask `[outer, channels, inner]`; mean `[channels]`; sums `[2 · channels]`.
    package static func gradientSums(_ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, mask: UnsafePointer<Float>? = nil,
                                    outer: Int, channels: Int, inner: Int,
                                    mean: UnsafePointer<Float>, into sums: UnsafeMutablePointer<Double>) {
        chunkedSums(outer: outer, channels: channels, inner: inner, into: sums) { first, last, partial in
            let (sg, sgx) = (partial, partial + channels)
            if inner == 1 {
                channelsLastGradientSums(g, x, mask: mask, first: first, last: last, channels: channels, mean: mean,
                                         sg: sg, sgx: sgx)
                return
            }
            for o in first..<last {
                let start = o * channels * inner
                for c in 0..<channels {
                    let run = start + c * inner
                    if let mask {
                        let m = Double(mean[c])
                        for i in run..<(run + inner) where mask[i] > 0 {
                            sg[c] += Double(g[i]); sgx[c] += Double(g[i]) * (Double(x[i]) - m)
                        }
                    } else {
                        let (a, b) = runSums(g + run, x + run, count: inner, shift: Double(mean[c]))
                        sg[c] += a; sgx[c] += b
                    }
                }
            }
        }
    }

    /// `dx = a · g + b · (x − mean) + d` per channel (the batch-statistics pullback with
    /// `a = γ/σ`, `b = −γ/σ³ · Σ g(x − mean) / count`, `d = −γ/σ · Σ g / count`).
    /// g reads as 0 where `mask` is not positive.
    /// Shapes: g, x, mask, dx `[outer, channels, inner]`; mean, a, b, d `[channels]`.
    package static func inputGradient(_ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, mask: UnsafePointer<Float>? = nil,
                                     outer: Int, channels: Int, inner: Int,
                                     mean: UnsafePointer<Float>, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                                     d: UnsafePointer<Float>, into dx: UnsafeMutablePointer<Float>) {
        let rowSize = channels * inner
        Parallel.forRowBands(rows: outer, columns: rowSize) { first, last in
            if inner == 1 {
                channelsLastInputGradient(g, x, mask: mask, first: first, last: last, channels: channels, mean: mean,
                                          a: a, b: b, d: d, into: dx)
                return
            }
            for o in first..<last {
                let (gr, xr, out) = (g + o * rowSize, x + o * rowSize, dx + o * rowSize)
                for c in 0..<channels {
                    let (m, ac, bc, dc) = (mean[c], a[c], b[c], d[c])
                    let (gRun, xRun, dRun) = (gr + c * inner, xr + c * inner, out + c * inner)
                    if let mask {
                        let mRun = mask + o * rowSize + c * inner
                        for i in 0..<inner { dRun[i] = ac * (mRun[i] > 0 ? gRun[i] : 0) + bc * (xRun[i] - m) + dc }
                    } else {
                        for i in 0..<inner { dRun[i] = ac * gRun[i] + bc * (xRun[i] - m) + dc }
                    }
                }
            }
        }
    }
}
