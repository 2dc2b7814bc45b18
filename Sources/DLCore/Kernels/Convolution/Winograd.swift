// Winograd's minimal filtering F(m×m, 3×3) (Lavin & Gray, "Fast Algorithms for Convolutional
// Neural Networks", 2015): an m×m tile of a 3×3 convolution's output comes from the α×α tile of
// its input that covers it (α = m + 2) as
//     Y = Aᵀ [U ⊙ V] A,   U = G g Gᵀ (kernel [3, 3]),   V = Bᵀ d B (input tile [α, α]),
// with α² multiplications per channel and filter instead of 9·m². Summed over channels, the
// element-wise products become α² independent matrix products (`ConvolutionKernels+Winograd.swift`).
//
// The input and output transforms here act on eight channels (or filters) at once, one
// `SIMD8<Float>` per tile cell, so that each pass is a few vector additions per cell.

/// The transforms of one Winograd variant F(m×m, 3×3).
protocol WinogradTransform {
    /// Output tile side m.
    static var outputTile: Int { get }
    /// Input tile side α = m + 2.
    static var inputTile: Int { get }
    /// G `[α, 3]`, row-major: the kernel transform `U = G g Gᵀ`.
    static var kernelMatrix: [Float] { get }
    /// `out + i·outStride ← (Bᵀ d)[i]` for `i < α`, where `d[j]` is the eight scalars at
    /// `input + j·stride` (strides in bytes, any alignment), zero where the eight at the same
    /// offset from `mask` are not positive: one tile column or row. All of d is read before
    /// anything is written, so `out` may be `input`.
    static func transformInput(from input: UnsafeRawPointer, stride: Int, mask: UnsafeRawPointer?,
                               into out: UnsafeMutableRawPointer, outStride: Int)
    /// `out + i·outStride ← (Aᵀ d)[i]` for `i < m`, where `d[j]` is the eight scalars at
    /// `input + j·stride` for `j < α` (strides in bytes, any alignment).
    static func transformOutput(from input: UnsafeRawPointer, stride: Int, into out: UnsafeMutableRawPointer, outStride: Int)
    /// The adjoint of `transformOutput`: `out[i·outStride] = (A y)[i]` for `i < α`, where
    /// `y[j] = p[j·stride]` for `j < m` (an output gradient's column or row, for the kernel gradient).
    static func transformOutputAdjoint(_ p: UnsafePointer<SIMD8<Float>>, stride: Int,
                                       into out: UnsafeMutablePointer<SIMD8<Float>>, outStride: Int)
}

extension WinogradTransform {
    /// `p[i·stride] ← (Bᵀ d)[i]` for `i < α`, where `d[j] = p[j·stride]`: one tile column or row, in place.
    @inline(__always)
    static func transformInput(_ p: UnsafeMutablePointer<SIMD8<Float>>, stride: Int) {
        let bytes = stride * MemoryLayout<SIMD8<Float>>.stride
        transformInput(from: UnsafeRawPointer(p), stride: bytes, mask: nil, into: UnsafeMutableRawPointer(p), outStride: bytes)
    }

    /// The eight scalars at `p + offset`, zero where those at `mask + offset` are not positive.
    @inline(__always)
    static func loadMasked(_ p: UnsafeRawPointer, _ mask: UnsafeRawPointer?, _ offset: Int) -> SIMD8<Float> {
        let value = (p + offset).loadUnaligned(as: SIMD8<Float>.self)
        guard let mask else { return value }
        return SIMD8<Float>(repeating: 0).replacing(with: value, where: (mask + offset).loadUnaligned(as: SIMD8<Float>.self) .> 0)
    }

    /// `out[i·outStride] = (Aᵀ d)[i]` for `i < m`, where `d[j] = p[j·stride]` for `j < α`.
    @inline(__always)
    static func transformOutput(_ p: UnsafePointer<SIMD8<Float>>, stride: Int,
                                into out: UnsafeMutablePointer<SIMD8<Float>>, outStride: Int) {
        let bytes = MemoryLayout<SIMD8<Float>>.stride
        transformOutput(from: UnsafeRawPointer(p), stride: stride * bytes, into: UnsafeMutableRawPointer(out),
                        outStride: outStride * bytes)
    }

    /// Writes `v` at `p + offset` (any alignment).
    @inline(__always)
    static func store(_ v: SIMD8<Float>, _ p: UnsafeMutableRawPointer, _ offset: Int) {
        (p + offset).storeBytes(of: v, as: SIMD8<Float>.self)
    }

    /// `y = Aᵀ M A`: M `[α, α]` → y `[m, m]` (row-major), through `temp` `[m, α]`.
    @inline(__always)
    static func transformOutputTile(_ mt: UnsafePointer<SIMD8<Float>>, temp: UnsafeMutablePointer<SIMD8<Float>>,
                                    into y: UnsafeMutablePointer<SIMD8<Float>>) {
        let a = inputTile, m = outputTile
        for j in 0..<a { transformOutput(mt + j, stride: a, into: temp + j, outStride: a) }
        for i in 0..<m { transformOutput(UnsafePointer(temp + i * a), stride: 1, into: y + i * m, outStride: 1) }
    }

    /// `dM = A gY Aᵀ`: an output gradient tile gY `[m, m]` → dM `[α, α]` (row-major), through
    /// `temp` `[α, m]`: the gradient of M in `Y = Aᵀ M A`.
    @inline(__always)
    static func transformOutputGradientTile(_ gy: UnsafePointer<SIMD8<Float>>, temp: UnsafeMutablePointer<SIMD8<Float>>,
                                            into dm: UnsafeMutablePointer<SIMD8<Float>>) {
        let a = inputTile, m = outputTile
        for j in 0..<m { transformOutputAdjoint(gy + j, stride: m, into: temp + j, outStride: m) }
        for i in 0..<a { transformOutputAdjoint(UnsafePointer(temp + i * m), stride: 1, into: dm + i * a, outStride: 1) }
    }

    /// The adjoint of `transformKernel`, `dw = Gᵀ dU G`, for every channel and filter.
    /// Shapes: du `[α², C, F]` → dw `[3, 3, C, F]` (overwritten).
    static func transformKernelGradient(_ du: UnsafePointer<Float>, channels: Int, filters: Int,
                                        into dw: UnsafeMutablePointer<Float>) {
        let a = inputTile, gm = kernelMatrix, count = channels * filters
        dw.update(repeating: 0, count: 9 * count)
        for kh in 0..<3 {
            for kw in 0..<3 {
                let tap = dw + (kh * 3 + kw) * count
                for i in 0..<a {
                    for j in 0..<a {
                        let weight = gm[i * 3 + kh] * gm[j * 3 + kw]
                        guard weight != 0 else { continue }
                        let cell = du + (i * a + j) * count
                        for index in 0..<count { tap[index] += weight * cell[index] }
                    }
                }
            }
        }
    }

    /// U = G g Gᵀ for every channel and filter. Shapes: kernel `[3, 3, C, F]` → u `[α², C, F]`.
    static func transformKernel(_ w: UnsafePointer<Float>, channels: Int, filters: Int, into u: UnsafeMutablePointer<Float>) {
        let a = inputTile, gm = kernelMatrix
        for i in 0..<a {
            for j in 0..<a {
                let cell = u + (i * a + j) * channels * filters
                cell.update(repeating: 0, count: channels * filters)
                for kh in 0..<3 {
                    for kw in 0..<3 {
                        let weight = gm[i * 3 + kh] * gm[j * 3 + kw]
                        guard weight != 0 else { continue }
                        let tap = w + (kh * 3 + kw) * channels * filters
                        for index in 0..<(channels * filters) { cell[index] += weight * tap[index] }
                    }
                }
            }
        }
    }
}

/// F(2×2, 3×3): 4×4 input tiles, 16 products; transforms with coefficients 0 and ±1 (exact in float).
enum WinogradF2: WinogradTransform {
    static var outputTile: Int { 2 }
    static var inputTile: Int { 4 }
    static let kernelMatrix: [Float] = [
        1, 0, 0,
        0.5, 0.5, 0.5,
        0.5, -0.5, 0.5,
        0, 0, 1,
    ]

    @inline(__always)
    static func transformInput(from p: UnsafeRawPointer, stride s: Int, mask: UnsafeRawPointer?,
                               into out: UnsafeMutableRawPointer, outStride o: Int) {
        let d0 = loadMasked(p, mask, 0), d1 = loadMasked(p, mask, s), d2 = loadMasked(p, mask, 2 * s)
        let d3 = loadMasked(p, mask, 3 * s)
        store(d0 - d2, out, 0)
        store(d1 + d2, out, o)
        store(d2 - d1, out, 2 * o)
        store(d1 - d3, out, 3 * o)
    }

    @inline(__always)
    static func transformOutput(from p: UnsafeRawPointer, stride s: Int, into out: UnsafeMutableRawPointer, outStride o: Int) {
        let d0 = loadMasked(p, nil, 0), d1 = loadMasked(p, nil, s), d2 = loadMasked(p, nil, 2 * s)
        let d3 = loadMasked(p, nil, 3 * s)
        store(d0 + d1 + d2, out, 0)
        store(d1 - d2 - d3, out, o)
    }

    @inline(__always)
    static func transformOutputAdjoint(_ p: UnsafePointer<SIMD8<Float>>, stride s: Int,
                                       into out: UnsafeMutablePointer<SIMD8<Float>>, outStride o: Int) {
        // A = (Aᵀ)ᵀ: rows [1 0], [1 1], [1 −1], [0 −1].
        let y0 = p[0], y1 = p[s]
        out[0] = y0
        out[o] = y0 + y1
        out[2 * o] = y0 - y1
        out[3 * o] = -y1
    }
}

/// F(4×4, 3×3): 6×6 input tiles, 36 products (4× fewer multiplications than direct convolution);
/// coefficients up to 8 in the transforms, relative float32 error about 1e-6 to 1e-5 on unit data.
enum WinogradF4: WinogradTransform {
    static var outputTile: Int { 4 }
    static var inputTile: Int { 6 }
    static let kernelMatrix: [Float] = [
        1.0 / 4, 0, 0,
        -1.0 / 6, -1.0 / 6, -1.0 / 6,
        -1.0 / 6, 1.0 / 6, -1.0 / 6,
        1.0 / 24, 1.0 / 12, 1.0 / 6,
        1.0 / 24, -1.0 / 12, 1.0 / 6,
        0, 0, 1,
    ]

    @inline(__always)
    static func transformInput(from p: UnsafeRawPointer, stride s: Int, mask: UnsafeRawPointer?,
                               into out: UnsafeMutableRawPointer, outStride o: Int) {
        let d0 = loadMasked(p, mask, 0), d1 = loadMasked(p, mask, s), d2 = loadMasked(p, mask, 2 * s)
        let d3 = loadMasked(p, mask, 3 * s), d4 = loadMasked(p, mask, 4 * s), d5 = loadMasked(p, mask, 5 * s)
        // Bᵀ rows: [4 0 −5 0 1 0], [0 −4 −4 1 1 0], [0 4 −4 −1 1 0], [0 −2 −1 2 1 0], [0 2 −1 −2 1 0], [0 4 0 −5 0 1].
        let a = d4 - 4 * d2, b = d3 - 4 * d1   // rows 1 and 2: a ± b
        let c = d4 - d2, e = 2 * (d3 - d1)     // rows 3 and 4: c ± e
        store(4 * d0 - 5 * d2 + d4, out, 0)
        store(a + b, out, o)
        store(a - b, out, 2 * o)
        store(c + e, out, 3 * o)
        store(c - e, out, 4 * o)
        store(4 * d1 - 5 * d3 + d5, out, 5 * o)
    }

    @inline(__always)
    static func transformOutput(from p: UnsafeRawPointer, stride s: Int, into out: UnsafeMutableRawPointer, outStride o: Int) {
        // Aᵀ rows: [1 1 1 1 1 0], [0 1 −1 2 −2 0], [0 1 1 4 4 0], [0 1 −1 8 −8 1].
        let d0 = loadMasked(p, nil, 0), d1 = loadMasked(p, nil, s), d2 = loadMasked(p, nil, 2 * s)
        let d3 = loadMasked(p, nil, 3 * s), d4 = loadMasked(p, nil, 4 * s), d5 = loadMasked(p, nil, 5 * s)
        let sum12 = d1 + d2, diff12 = d1 - d2
        let sum34 = d3 + d4, diff34 = d3 - d4
        store(d0 + sum12 + sum34, out, 0)
        store(diff12 + 2 * diff34, out, o)
        store(sum12 + 4 * sum34, out, 2 * o)
        store(diff12 + 8 * diff34 + d5, out, 3 * o)
    }

    @inline(__always)
    static func transformOutputAdjoint(_ p: UnsafePointer<SIMD8<Float>>, stride s: Int,
                                       into out: UnsafeMutablePointer<SIMD8<Float>>, outStride o: Int) {
        // A = (Aᵀ)ᵀ: rows [1 0 0 0], [1 1 1 1], [1 −1 1 −1], [1 2 4 8], [1 −2 4 −8], [0 0 0 1].
        let y0 = p[0], y1 = p[s], y2 = p[2 * s], y3 = p[3 * s]
        let even = y0 + y2, odd = y1 + y3
        let even4 = y0 + 4 * y2, odd4 = 2 * y1 + 8 * y3
        out[0] = y0
        out[o] = even + odd
        out[2 * o] = even - odd
        out[3 * o] = even4 + odd4
        out[4 * o] = even4 - odd4
        out[5 * o] = y3
    }
}
