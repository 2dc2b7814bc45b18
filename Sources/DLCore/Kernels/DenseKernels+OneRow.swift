internal import CKernels

// One image through a dense layer: a vector-matrix product. With one row of x there is no other
// independent work to hide each accumulator's wait on its previous fused multiply-add, so
// `dl_vector_product` keeps two chains per output (its even and odd terms) and up to four vectors
// of outputs at a time: eight FMAs in flight.

extension DenseKernels {
    /// Whether `forward` takes `oneRowForward`: one row on CPUs with AVX-512, a kernel smaller than
    /// `vectorProductMaximumScalars`. Measured on two cores of an AMD EPYC, one image through the
    /// autoencoder workload's model (Dense 32, 784): 3.46 µs a call with OpenBLAS's sgemv, 2.86 µs
    /// with this. Larger kernels take as long either way (the time is then the kernel's trip
    /// from L3: the mlp's [784, 256], 784 KiB, measured 11.7 µs a call with sgemv and 12.6 with
    /// this; cut in a band of columns per core, 8.2 µs on a quiet machine but 12.5–15 on a busy
    /// one, so not kept).
    package static func prefersVectorProduct(rows: Int, inputs: Int, units: Int) -> Bool {
        rows == 1 && inputs > 0 && VectorUnit.active == .avx512 && inputs * units < vectorProductMaximumScalars
    }

    /// Larger kernels stay on OpenBLAS's sgemv (512 KiB: half a core's L2 cache).
    static let vectorProductMaximumScalars = 1 << 17

    /// `forward` for one row: the bias copied, the product accumulated onto it, then the activation.
    static func oneRowForward(_ x: UnsafePointer<Float>, kernel: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                              inputs: Int, units: Int, activation: FusedActivation,
                              into out: UnsafeMutablePointer<Float>) {
        if let bias { out.update(from: bias, count: units) }
        dl_vector_product(x, kernel, inputs, units, units, out, bias == nil ? 0 : 1)
        apply(activation, to: out, rows: 1, units: units)
    }

    /// `dl_vector_product` (y `[columns]` (+)= x `[inner]` · w `[inner, columns]`, row i of w at
    /// `w + i·rowStride`), for tests.
    package static func vectorProduct(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, inner: Int, rowStride: Int,
                                      columns: Int, into y: UnsafeMutablePointer<Float>, accumulate: Bool) {
        dl_vector_product(x, w, inner, rowStride, columns, y, accumulate ? 1 : 0)
    }

    /// `vectorProduct`'s order in Swift, for tests: each output's even terms and odd terms summed
    /// from 0 in order (one fused multiply-add a term), then even + odd, then + y when accumulating.
    package static func referenceVectorProduct(_ x: [Float], _ w: [Float], inner: Int, rowStride: Int, columns: Int,
                                               y: [Float], accumulate: Bool) -> [Float] {
        (0..<columns).map { j in
            var even: Float = 0, odd: Float = 0
            for i in 0..<inner {
                if i % 2 == 0 {
                    even = even.addingProduct(x[i], w[i * rowStride + j])
                } else {
                    odd = odd.addingProduct(x[i], w[i * rowStride + j])
                }
            }
            let sum = even + odd
            return accumulate ? y[j] + sum : sum
        }
    }
}
