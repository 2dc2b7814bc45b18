// The channels-last (`inner == 1`) loops of `BatchNormKernels`: a row is one position's
// `channels` values, so each loop runs eight channels at a time in SIMD registers down a block
// of rows. The reductions keep a block's per-channel sums in Float registers (`floatBlockRows`
// rows, shifted so that they stay small) and add them into the chunk's Double partials once per
// block; the element-wise passes compute each row's eight-channel groups with the per-channel
// vectors loaded beside them.

extension BatchNormKernels {
    /// Rows summed in Float registers before the block's sums go into the Double partials: few
    /// enough that the Float sums lose nothing that matters (a relative 2⁻²⁴·32 at most), enough
    /// that the conversions cost little.
    static let floatBlockRows = 32

    /// The eight scalars at `p`.
    @inline(__always)
    static func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
    }

    /// Writes `v` at `p`.
    @inline(__always)
    static func store8(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
    }

    /// `g`, or 0 where `mask` is not positive (ReLU's pullback, when the mask is the output).
    @inline(__always)
    static func masked(_ g: SIMD8<Float>, _ mask: UnsafePointer<Float>?, _ offset: Int) -> SIMD8<Float> {
        guard let mask else { return g }
        return SIMD8<Float>().replacing(with: g, where: load8(mask + offset) .> 0)
    }

    /// Adds `Σ (x − k)` into `s` and `Σ (x − k)²` into `q` per channel over rows `first..<last` of
    /// a channels-last x `[rows, channels]`; k `[channels]` (Float), s and q `[channels]` (Double).
    static func channelsLastMoments(_ x: UnsafePointer<Float>, first: Int, last: Int, channels: Int,
                                    shift k: UnsafePointer<Float>, s: UnsafeMutablePointer<Double>,
                                    q: UnsafeMutablePointer<Double>) {
        var start = first
        while start < last {
            let end = Swift.min(last, start + floatBlockRows)
            var c = 0
            while c + 8 <= channels {
                let kv = load8(k + c)
                var sv = SIMD8<Float>(), qv = SIMD8<Float>()
                var p = x + start * channels + c
                for _ in start..<end {
                    let d = load8(p) - kv
                    sv += d; qv += d * d
                    p += channels
                }
                for lane in 0..<8 { s[c + lane] += Double(sv[lane]); q[c + lane] += Double(qv[lane]) }
                c += 8
            }
            while c < channels {
                var sv: Float = 0, qv: Float = 0
                for r in start..<end { let d = x[r * channels + c] - k[c]; sv += d; qv += d * d }
                s[c] += Double(sv); q[c] += Double(qv)
                c += 1
            }
            start = end
        }
    }

    /// Adds `Σ g` into `sg` and `Σ g · (x − mean)` into `sgx` per channel over rows `first..<last`
    /// of channels-last g and x `[rows, channels]`, g read as 0 where `mask` is not positive.
    static func channelsLastGradientSums(_ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, mask: UnsafePointer<Float>?,
                                         first: Int, last: Int, channels: Int, mean: UnsafePointer<Float>,
                                         sg: UnsafeMutablePointer<Double>, sgx: UnsafeMutablePointer<Double>) {
        var start = first
        while start < last {
            let end = Swift.min(last, start + floatBlockRows)
            var c = 0
            while c + 8 <= channels {
                let mv = load8(mean + c)
                var sv = SIMD8<Float>(), pv = SIMD8<Float>()
                var offset = start * channels + c
                for _ in start..<end {
                    let gv = masked(load8(g + offset), mask, offset)
                    sv += gv; pv += gv * (load8(x + offset) - mv)
                    offset += channels
                }
                for lane in 0..<8 { sg[c + lane] += Double(sv[lane]); sgx[c + lane] += Double(pv[lane]) }
                c += 8
            }
            while c < channels {
                var sv: Float = 0, pv: Float = 0
                for r in start..<end {
                    let offset = r * channels + c
                    let gv = mask.map { $0[offset] > 0 } ?? true ? g[offset] : 0
                    sv += gv; pv += gv * (x[offset] - mean[c])
                }
                sg[c] += Double(sv); sgx[c] += Double(pv)
                c += 1
            }
            start = end
        }
    }

    /// `channelsLastNormalize` in Swift on SIMD8 vectors: the reference the C kernels
    /// (BatchNormKernels+Vector.swift) match bit for bit. `y = (x − mean) · scale + shift` (then
    /// `max(·, 0)` with `relu`, NaN kept) over rows `first..<last` of channels-last x and y `[rows, channels]`.
    package static func channelsLastNormalizeSIMD8(_ x: UnsafePointer<Float>, first: Int, last: Int, channels: Int,
                                      mean: UnsafePointer<Float>, scale: UnsafePointer<Float>, shift: UnsafePointer<Float>,
                                      relu: Bool, into y: UnsafeMutablePointer<Float>) {
        for r in first..<last {
            let (src, dst) = (x + r * channels, y + r * channels)
            var c = 0
            while c + 8 <= channels {
                var v = (load8(src + c) - load8(mean + c)) * load8(scale + c) + load8(shift + c)
                if relu { v.replace(with: 0, where: v .<= 0) }
                store8(v, dst + c)
                c += 8
            }
            while c < channels {
                let v = (src[c] - mean[c]) * scale[c] + shift[c]
                dst[c] = relu && v <= 0 ? 0 : v
                c += 1
            }
        }
    }

    /// `channelsLastInputGradient` in Swift on SIMD8 vectors: the reference the C kernels match bit
    /// for bit. `dx = a · g + b · (x − mean) + d` over rows `first..<last` of channels-last g, x and
    /// dx `[rows, channels]`, g read as 0 where `mask` is not positive.
    package static func channelsLastInputGradientSIMD8(_ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, mask: UnsafePointer<Float>?,
                                          first: Int, last: Int, channels: Int, mean: UnsafePointer<Float>,
                                          a: UnsafePointer<Float>, b: UnsafePointer<Float>, d: UnsafePointer<Float>,
                                          into dx: UnsafeMutablePointer<Float>) {
        for r in first..<last {
            let row = r * channels
            var c = 0
            while c + 8 <= channels {
                let offset = row + c
                let gv = masked(load8(g + offset), mask, offset)
                store8(load8(a + c) * gv + load8(b + c) * (load8(x + offset) - load8(mean + c)) + load8(d + c), dx + offset)
                c += 8
            }
            while c < channels {
                let offset = row + c
                let gv = mask.map { $0[offset] > 0 } ?? true ? g[offset] : 0
                dx[offset] = a[c] * gv + b[c] * (x[offset] - mean[c]) + d[c]
                c += 1
            }
        }
    }
}
