// Naive 2-D references of the resize kernels, one output cell at a time, for tests: nearest
// upsampling by index division, and bilinear resizing written as TensorFlow's `resize_bilinear`
// (half-pixel centres) writes it, from the four neighbours of each output cell, with its gradient
// as `ResizeBilinearGrad` scatters it.

extension ResizeKernels {
    /// Naive nearest upsampling of an NHWC batch by `(sh, sw)`: `out[n, oh, ow, c] = x[n, oh / sh, ow / sw, c]`.
    /// Shapes: x `[N, H, W, C]` (`shape`) → `[N, H·sh, W·sw, C]`.
    package static func referenceNearest2D(_ x: [Float], shape: [Int], size: (Int, Int)) -> [Float] {
        let (n, h, w, c) = (shape[0], shape[1], shape[2], shape[3])
        let (oh, ow) = (h * size.0, w * size.1)
        var out = [Float](repeating: 0, count: n * oh * ow * c)
        for b in 0..<n { for i in 0..<oh { for j in 0..<ow { for k in 0..<c {
            out[((b * oh + i) * ow + j) * c + k] = x[((b * h + i / size.0) * w + j / size.1) * c + k]
        } } } }
        return out
    }

    /// Naive gradient of `referenceNearest2D`: each input cell sums its `sh × sw` block of `grad`.
    package static func referenceNearest2DBackward(_ grad: [Float], shape: [Int], size: (Int, Int)) -> [Float] {
        let (n, h, w, c) = (shape[0], shape[1], shape[2], shape[3])
        let (oh, ow) = (h * size.0, w * size.1)
        var dx = [Float](repeating: 0, count: n * h * w * c)
        for b in 0..<n { for i in 0..<oh { for j in 0..<ow { for k in 0..<c {
            dx[((b * h + i / size.0) * w + j / size.1) * c + k] += grad[((b * oh + i) * ow + j) * c + k]
        } } } }
        return dx
    }

    /// Naive bilinear resize of an NHWC batch to `(outHeight, outWidth)`, TensorFlow's formula:
    /// `top = tl + (tr − tl)·xw`, `bottom = bl + (br − bl)·xw`, `out = top + (bottom − top)·yw`.
    /// Shapes: x `[N, H, W, C]` (`shape`) → `[N, outHeight, outWidth, C]`.
    package static func referenceBilinear2D(_ x: [Float], shape: [Int], outHeight: Int, outWidth: Int) -> [Float] {
        let (n, h, w, c) = (shape[0], shape[1], shape[2], shape[3])
        let rows = halfPixelTaps(h, outHeight), cols = halfPixelTaps(w, outWidth)
        var out = [Float](repeating: 0, count: n * outHeight * outWidth * c)
        for b in 0..<n { for i in 0..<outHeight { for j in 0..<outWidth { for k in 0..<c {
            let at = { (r: Int, s: Int) in x[((b * h + r) * w + s) * c + k] }
            let (y, xs) = (rows[i], cols[j])
            let top = at(y.lo, xs.lo) + (at(y.lo, xs.hi) - at(y.lo, xs.lo)) * xs.weight
            let bottom = at(y.hi, xs.lo) + (at(y.hi, xs.hi) - at(y.hi, xs.lo)) * xs.weight
            out[((b * outHeight + i) * outWidth + j) * c + k] = top + (bottom - top) * y.weight
        } } } }
        return out
    }

    /// Naive gradient of `referenceBilinear2D` (`ResizeBilinearGrad`): each output cell's gradient
    /// goes to its four neighbours with weights `(1 − yw)(1 − xw)`, `(1 − yw)·xw`, `yw·(1 − xw)`, `yw·xw`.
    package static func referenceBilinear2DBackward(_ grad: [Float], shape: [Int], outHeight: Int, outWidth: Int) -> [Float] {
        let (n, h, w, c) = (shape[0], shape[1], shape[2], shape[3])
        let rows = halfPixelTaps(h, outHeight), cols = halfPixelTaps(w, outWidth)
        var dx = [Float](repeating: 0, count: n * h * w * c)
        for b in 0..<n { for i in 0..<outHeight { for j in 0..<outWidth { for k in 0..<c {
            let g = grad[((b * outHeight + i) * outWidth + j) * c + k]
            let (y, xs) = (rows[i], cols[j])
            let cell = { (r: Int, s: Int) in ((b * h + r) * w + s) * c + k }
            dx[cell(y.lo, xs.lo)] += g * (1 - y.weight) * (1 - xs.weight)
            dx[cell(y.lo, xs.hi)] += g * (1 - y.weight) * xs.weight
            dx[cell(y.hi, xs.lo)] += g * y.weight * (1 - xs.weight)
            dx[cell(y.hi, xs.hi)] += g * y.weight * xs.weight
        } } } }
        return dx
    }

    /// TensorFlow's `compute_interpolation_weights` with the half-pixel scaler, written out again.
    private static func halfPixelTaps(_ length: Int, _ outputLength: Int) -> [(lo: Int, hi: Int, weight: Float)] {
        let scale = Float(length) / Float(outputLength)
        return (0..<outputLength).map { r in
            let s = (Float(r) + 0.5) * scale - 0.5
            return (Swift.max(Int(s.rounded(.down)), 0), Swift.min(Int(s.rounded(.up)), length - 1), s - s.rounded(.down))
        }
    }
}

extension ResizeKernels {
    /// Naive 2-D weighted resample of an NHWC batch, one output cell at a time:
    /// `out[n, i, j, c] = Σ_{r, s} rows.weight[r]·columns.weight[s]·x[n, rows.index[r], columns.index[s], c]`
    /// over output i's row taps and output j's column taps.
    /// Shapes: x `[N, H, W, C]` (`shape`) → `[N, rows.outputLength, columns.outputLength, C]`.
    package static func referenceWeighted2D(_ x: [Float], shape: [Int], rows: WeightedTaps, columns: WeightedTaps) -> [Float] {
        let (n, h, w, c) = (shape[0], shape[1], shape[2], shape[3])
        let (oh, ow) = (rows.outputLength, columns.outputLength)
        var out = [Float](repeating: 0, count: n * oh * ow * c)
        for b in 0..<n { for i in 0..<oh { for j in 0..<ow { for k in 0..<c {
            var sum: Float = 0
            for r in rows.start[i]..<rows.start[i + 1] { for s in columns.start[j]..<columns.start[j + 1] {
                sum += rows.weight[r] * columns.weight[s] * x[((b * h + rows.index[r]) * w + columns.index[s]) * c + k]
            } }
            out[((b * oh + i) * ow + j) * c + k] = sum
        } } } }
        return out
    }

    /// Naive gradient of `referenceWeighted2D`: each output cell's gradient goes to every tap pair
    /// with the product of their weights.
    package static func referenceWeighted2DBackward(_ grad: [Float], shape: [Int], rows: WeightedTaps,
                                                    columns: WeightedTaps) -> [Float] {
        let (n, h, w, c) = (shape[0], shape[1], shape[2], shape[3])
        let (oh, ow) = (rows.outputLength, columns.outputLength)
        var dx = [Float](repeating: 0, count: n * h * w * c)
        for b in 0..<n { for i in 0..<oh { for j in 0..<ow { for k in 0..<c {
            let g = grad[((b * oh + i) * ow + j) * c + k]
            for r in rows.start[i]..<rows.start[i + 1] { for s in columns.start[j]..<columns.start[j + 1] {
                dx[((b * h + rows.index[r]) * w + columns.index[s]) * c + k] += g * rows.weight[r] * columns.weight[s]
            } }
        } } } }
        return dx
    }
}
