internal import CKernels

// BatchNormalization's channels-last element-wise passes by the C kernels (Sources/CKernels:
// portable, AVX2 or AVX-512, chosen at run time; `VectorUnit`). They do the same operations in the
// same order on every element as the Swift path on SIMD8 vectors (`channelsLastNormalizeSIMD8`,
// `channelsLastInputGradientSIMD8`, kept as their reference), so results are bit-identical.

extension BatchNormKernels {
    /// `y = (x − mean) · scale + shift` (then `max(·, 0)` with `relu`, NaN kept) over rows
    /// `first..<last` of channels-last x and y `[rows, channels]`.
    package static func channelsLastNormalize(_ x: UnsafePointer<Float>, first: Int, last: Int, channels: Int,
                                              mean: UnsafePointer<Float>, scale: UnsafePointer<Float>,
                                              shift: UnsafePointer<Float>, relu: Bool, into y: UnsafeMutablePointer<Float>) {
        guard last > first else { return }
        dl_batchnorm_normalize(x + first * channels, last - first, channels, mean, scale, shift, relu ? 1 : 0,
                               y + first * channels)
    }

    /// `dx = a · g + b · (x − mean) + d` over rows `first..<last` of channels-last g, x and dx
    /// `[rows, channels]`, g read as 0 where `mask` is not positive.
    package static func channelsLastInputGradient(_ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>,
                                                  mask: UnsafePointer<Float>?, first: Int, last: Int, channels: Int,
                                                  mean: UnsafePointer<Float>, a: UnsafePointer<Float>,
                                                  b: UnsafePointer<Float>, d: UnsafePointer<Float>,
                                                  into dx: UnsafeMutablePointer<Float>) {
        guard last > first else { return }
        let offset = first * channels
        dl_batchnorm_input_gradient(g + offset, x + offset, mask.map { $0 + offset }, last - first, channels, mean, a, b, d,
                                    dx + offset)
    }
}
