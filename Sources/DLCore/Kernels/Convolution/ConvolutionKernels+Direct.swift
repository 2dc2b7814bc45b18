internal import CKernels

// The direct convolution's forward pass (CKernels' `dl_conv_direct`): no im2col matrix, no
// Winograd transforms; the filters lie in the vector lanes and a row's output pixels are
// computed a block at a time, their accumulators in registers. Each output is its window's sum
// from 0 over the taps inside the input in (kh, kw, c) order, one fused multiply-add a tap, then
// + bias, then ReLU: outputs whose window holds only zeros come out exactly act(bias), as
// `restoreZeroWindows` makes the Winograd path give them.
//
// Chosen (`Plan.direct`) on CPUs with AVX-512 for convolutions with at least 16 filters and 2
// channels that Winograd's algorithm does not take (strided, 1×1, 5×5 windows).
// Measured on one core of an AMD EPYC with AVX-512 (batch 64): 16 → 16 filters 3×3 on 28×28 at
// 141 GFLOP/s, 32 → 32 on 14×14 at 179, 32 → 64 at 148, where OpenBLAS's sgemm (the im2col and
// Winograd paths' product) peaks at about 122 on one core of it; AVX2 reached 72 to 92, so AVX2
// machines keep the other strategies.
//
// Rounding differs from the im2col path's (OpenBLAS's kernels sum a window in their own blocked
// order, not one tap after another): 1 ulp on about 9% of the outputs. Single-channel inputs (the
// images' first layer) first kept im2col in training: with OpenBLAS's dKernel beside it, the small
// VGG's 30 steps of training came out further from Keras's (TransferTrainingParityTests: its
// first-layer biases, one of whose gradients is rounding noise, 2e-7 ≈ Adam's ε, at 7.7% of their
// movement, against 4.2% with im2col). With the kernel gradient also summed directly
// (`ConvolutionKernels+KernelGradient.swift`) that figure is 4.1% (4.7% with im2col's forward), so
// they run it too, about twice as fast (the small VGG's 1 → 32 3×3 'same', the siamese
// workload's 1 → 32 5×5).

extension ConvolutionKernels {
    /// Whether `Plan` picks the direct convolution for `g` and `filters` (see above).
    static func prefersDirect(_ g: WindowGeometry, filters: Int) -> Bool {
        VectorUnit.active == .avx512 && filters >= directMinimumFilters
    }

    /// Fewer filters leave most of a 16-lane vector empty (LeNet-5's 6).
    static let directMinimumFilters = 16

    /// `out = act(conv(x, W) + bias)` by the direct convolution, the samples (at batch 1, bands
    /// of output rows) split over the workers. Shapes as `forward`'s. Only for a finite kernel
    /// (`forward` checks): the direct sum leaves out the taps in the padding, where the other
    /// strategies (and Keras) multiply an infinite weight by 0 and get NaN.
    static func directForward(_ x: UnsafePointer<Float>, kernel: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                              _ g: WindowGeometry, filters: Int, relu: Bool, into out: UnsafeMutablePointer<Float>) {
        let conv = dl_direct_conv(
            x: x, height: g.height, width: g.width, channels: g.channels,
            kernel: kernel, kernelHeight: g.kernelHeight, kernelWidth: g.kernelWidth, filters: filters,
            bias: bias, relu: relu ? 1 : 0, strideHeight: g.strideHeight, strideWidth: g.strideWidth,
            padTop: g.padTop, padLeft: g.padLeft, outHeight: g.outputHeight, outWidth: g.outputWidth, out: out,
            pixelStride: g.channels, channelStride: 1, accumulate: 0)
        let bands = OutputBands(g)
        Parallel.forRanges(bands.count, minimumCount: 2) { start, end in
            var local = conv
            for item in start..<end {
                let (sample, rows) = bands[item]
                if !rows.isEmpty { dl_conv_direct(&local, sample, rows.lowerBound, rows.upperBound) }
            }
        }
    }

    /// A convolution's output cut into work items for the workers: one a sample, or with fewer
    /// samples than workers, each sample's output rows in as many bands as there are workers.
    struct OutputBands {
        /// Bands a sample.
        let bands: Int
        /// Output rows a band (the last may hold fewer, or none).
        let rowsPerBand: Int
        /// Output rows a sample.
        let outputHeight: Int
        /// Work items: samples × bands.
        let count: Int

        init(_ g: WindowGeometry) {
            bands = g.batch >= Parallel.workers ? 1 : Swift.max(1, Swift.min(Parallel.workers, g.outputHeight))
            rowsPerBand = (g.outputHeight + bands - 1) / bands
            outputHeight = g.outputHeight
            count = g.batch * bands
        }

        /// Item `item`'s sample and output rows.
        subscript(item: Int) -> (sample: Int, rows: Range<Int>) {
            let (sample, band) = item.quotientAndRemainder(dividingBy: bands)
            let first = Swift.min(band * rowsPerBand, outputHeight)
            return (sample, first..<Swift.min(outputHeight, first + rowsPerBand))
        }
    }
}
