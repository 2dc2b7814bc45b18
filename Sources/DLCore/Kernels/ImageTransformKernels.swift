// Shapes: every kernel here reads an NHWC batch [batch, height, width, channels] and writes one of
// the same shape.
//
// - affine (TensorFlow's `ImageProjectiveTransformV3`, which Keras 3's `ops.image.affine_transform`
//   calls): each image has 8 numbers [a0, a1, a2, b0, b1, b2, c0, c1] mapping an output pixel
//   (x, y) to the input point x' = (a0·x + a1·y + a2) / k, y' = (b0·x + b1·y + b2) / k,
//   k = c0·x + c1·y + 1 (k = 0 gives fillValue). The point is first mapped inside the image by
//   the fill mode (TensorFlow's `MapCoordinate`, per axis of length n):
//     reflect  (d c b a | a b c d | d c b a): folded about the edges, then clamped to [0, n − 1];
//     wrap     (a b c d | a b c d | a b c d): shifted by multiples of n, then clamped;
//     nearest  (a a a a | a b c d | d d d d): clamped;
//     constant (k k k k | a b c d | k k k k): unchanged, and any tap outside reads fillValue.
//   Nearest interpolation reads the tap at (round(y'), round(x')) (halves away from zero);
//   bilinear reads the four taps around it, x first: (x⌈ − x)·p(y⌊, x⌊) + (x − x⌊)·p(y⌊, x⌊ + 1),
//   the same for y⌊ + 1, then weighted by (y⌊ + 1 − y) and (y − y⌊).
// - flip: image b reversed along the width when horizontal[b], along the height when vertical[b].
// - brightness: out = clamp(x + delta[b], lower, upper).
// - contrast: per image and channel, m = mean over the height then the width, out = clamp((x − m)·f[b] + m, lower, upper).

#if canImport(Glibc)
import Glibc
#endif

/// How an affine warp fills points outside the image (Keras's `fill_mode`).
public enum FillMode: String, Sendable, CaseIterable {
    /// Reflected about the edge of the last pixel: `(d c b a | a b c d | d c b a)`.
    case reflect
    /// Wrapped around to the opposite edge: `(a b c d | a b c d | a b c d)`.
    case wrap
    /// Filled with one value `k`: `(k k k k | a b c d | k k k k)`.
    case constant
    /// The nearest edge pixel repeated: `(a a a a | a b c d | d d d d)`.
    case nearest
}

/// How an image transform samples between pixels (Keras's `interpolation`).
public enum ImageInterpolation: String, Sendable, CaseIterable {
    /// The nearest pixel.
    case nearest
    /// Linear in both directions between the four nearest pixels.
    case bilinear
}

/// Affine warps, flips, brightness and contrast of NHWC batches (see the comment above).
package enum ImageTransformKernels {
    /// TensorFlow's `MapCoordinate` for one axis of `length` positions.
    @inline(__always)
    package static func map(_ coordinate: Float, length: Int, mode: FillMode) -> Float {
        let n = Float(length)
        var c = coordinate
        switch mode {
        case .constant: return c
        case .nearest: return Swift.min(Swift.max(c, 0), n - 1)
        case .reflect:
            if c < 0 {
                if length <= 1 { c = 0 } else {
                    let size2 = 2 * n
                    if c < size2 { c = size2 * Float(Int(-c / size2)) + c }
                    c = c < -n ? c + size2 : -c - 1
                }
            } else if c > n - 1 {
                if length <= 1 { c = 0 } else {
                    let size2 = 2 * n
                    c -= size2 * Float(Int(c / size2))
                    if c >= n { c = size2 - c - 1 }
                }
            }
        case .wrap:
            if c < 0 {
                if length <= 1 { c = 0 } else { c += n * Float(Int(-c / (n - 1)) + 1) }
            } else if c > n - 1 {
                if length <= 1 { c = 0 } else { c -= n * Float(Int(c / (n - 1))) }
            }
        }
        return Swift.min(Swift.max(c, 0), n - 1)
    }

    /// Warps each image by its 8 transform numbers (`transforms.count == batch · 8`).
    package static func affine(_ x: UnsafeBufferPointer<Float>, batch: Int, height: Int, width: Int, channels: Int,
                               transforms: [Float], interpolation: ImageInterpolation, fillMode: FillMode,
                               fillValue: Float, into out: UnsafeMutableBufferPointer<Float>) {
        let image = height * width * channels
        check(x.count == batch * image && out.count == x.count && transforms.count == batch * 8,
              "ImageTransformKernels.affine: \(x.count) and \(out.count) scalars and \(transforms.count) transform numbers do not fit [\(batch), \(height), \(width), \(channels)]")
        guard let xp = x.baseAddress, let op = out.baseAddress else { return }
        for b in 0..<batch {
            let t = Array(transforms[(b * 8)..<(b * 8 + 8)])   // one image's transform, read per pixel
            let src = xp + b * image
            var dst = op + b * image
            for oy in 0..<height {
                for ox in 0..<width {
                    let fx = Float(ox), fy = Float(oy)
                    let k = t[6] * fx + t[7] * fy + 1
                    if k == 0 {
                        for ch in 0..<channels { dst[ch] = fillValue }
                        dst += channels
                        continue
                    }
                    let sx = map((t[0] * fx + t[1] * fy + t[2]) / k, length: width, mode: fillMode)
                    let sy = map((t[3] * fx + t[4] * fy + t[5]) / k, length: height, mode: fillMode)
                    if interpolation == .nearest {
                        tap(src, Int(sy.rounded()), Int(sx.rounded()), height, width, channels, fillValue, dst)
                    } else {
                        let x0 = sx.rounded(.down), y0 = sy.rounded(.down)
                        let wx1 = sx - x0, wx0 = x0 + 1 - sx, wy1 = sy - y0, wy0 = y0 + 1 - sy
                        let ix = Int(x0), iy = Int(y0)
                        // Each output scalar: wy0·(wx0·p00 + wx1·p01) + wy1·(wx0·p10 + wx1·p11), as TensorFlow sums it.
                        for ch in 0..<channels {
                            let p00 = read(src, iy, ix, ch, height, width, channels, fillValue)
                            let p01 = read(src, iy, ix + 1, ch, height, width, channels, fillValue)
                            let p10 = read(src, iy + 1, ix, ch, height, width, channels, fillValue)
                            let p11 = read(src, iy + 1, ix + 1, ch, height, width, channels, fillValue)
                            dst[ch] = wy0 * (wx0 * p00 + wx1 * p01) + wy1 * (wx0 * p10 + wx1 * p11)
                        }
                    }
                    dst += channels
                }
            }
        }
    }

    @inline(__always)
    private static func read(_ src: UnsafePointer<Float>, _ y: Int, _ x: Int, _ ch: Int,
                             _ height: Int, _ width: Int, _ channels: Int, _ fill: Float) -> Float {
        (y >= 0 && y < height && x >= 0 && x < width) ? src[(y * width + x) * channels + ch] : fill
    }

    @inline(__always)
    private static func tap(_ src: UnsafePointer<Float>, _ y: Int, _ x: Int, _ height: Int, _ width: Int, _ channels: Int,
                            _ fill: Float, _ dst: UnsafeMutablePointer<Float>) {
        if y >= 0 && y < height && x >= 0 && x < width {
            dst.update(from: src + (y * width + x) * channels, count: channels)
        } else {
            for ch in 0..<channels { dst[ch] = fill }
        }
    }

    /// Reverses image b along the width when `horizontal[b]`, along the height when `vertical[b]`.
    package static func flip(_ x: UnsafeBufferPointer<Float>, batch: Int, height: Int, width: Int, channels: Int,
                             horizontal: [Bool], vertical: [Bool], into out: UnsafeMutableBufferPointer<Float>) {
        let image = height * width * channels
        check(x.count == batch * image && out.count == x.count && horizontal.count == batch && vertical.count == batch,
              "ImageTransformKernels.flip: \(x.count) and \(out.count) scalars do not fit [\(batch), \(height), \(width), \(channels)]")
        guard let xp = x.baseAddress, let op = out.baseAddress else { return }
        for b in 0..<batch {
            for y in 0..<height {
                let sy = vertical[b] ? height - 1 - y : y
                for xIndex in 0..<width {
                    let sx = horizontal[b] ? width - 1 - xIndex : xIndex
                    (op + b * image + (y * width + xIndex) * channels)
                        .update(from: xp + b * image + (sy * width + sx) * channels, count: channels)
                }
            }
        }
    }

    /// `out = clamp(x + delta[b], lower, upper)` for each image b.
    package static func brightness(_ x: UnsafeBufferPointer<Float>, batch: Int, delta: [Float], lower: Float, upper: Float,
                                   into out: UnsafeMutableBufferPointer<Float>) {
        check(x.count == out.count && delta.count == batch && x.count % Swift.max(batch, 1) == 0,
              "ImageTransformKernels.brightness: \(x.count) and \(out.count) scalars for \(delta.count) deltas and batch \(batch)")
        guard batch > 0 else { return }
        let image = x.count / batch
        for b in 0..<batch {
            let d = delta[b]
            for i in (b * image)..<((b + 1) * image) { out[i] = Swift.min(Swift.max(x[i] + d, lower), upper) }
        }
    }

    /// Per image and channel, `m` = the mean over the height then the width;
    /// `out = clamp((x − m)·factor[b] + m, lower, upper)`.
    package static func contrast(_ x: UnsafeBufferPointer<Float>, batch: Int, height: Int, width: Int, channels: Int,
                                 factor: [Float], lower: Float, upper: Float, into out: UnsafeMutableBufferPointer<Float>) {
        let image = height * width * channels
        check(x.count == batch * image && out.count == x.count && factor.count == batch,
              "ImageTransformKernels.contrast: \(x.count) and \(out.count) scalars do not fit [\(batch), \(height), \(width), \(channels)]")
        var columnMeans = [Float](repeating: 0, count: width * channels)
        var means = [Float](repeating: 0, count: channels)
        for b in 0..<batch {
            let base = b * image
            for i in 0..<columnMeans.count { columnMeans[i] = 0 }
            for y in 0..<height {
                for i in 0..<(width * channels) { columnMeans[i] += x[base + y * width * channels + i] }
            }
            for ch in 0..<channels { means[ch] = 0 }
            for xIndex in 0..<width {
                for ch in 0..<channels { means[ch] += columnMeans[xIndex * channels + ch] / Float(height) }
            }
            for ch in 0..<channels { means[ch] /= Float(width) }
            let f = factor[b]
            for p in 0..<(height * width) {
                for ch in 0..<channels {
                    let i = base + p * channels + ch
                    out[i] = Swift.min(Swift.max((x[i] - means[ch]) * f + means[ch], lower), upper)
                }
            }
        }
    }
}
