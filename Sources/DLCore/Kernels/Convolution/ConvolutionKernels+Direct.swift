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
// order, not one tap after another): 1 ulp on about 9% of the outputs. On the small VGG's
// single-channel first layer that was enough to take 30 steps of training measurably further
// from Keras's (the first step's one bias whose gradient is rounding noise, 2e-7 ≈ Adam's ε, moved
// by 0.000795 instead of Keras's 0.000673), so single-channel inputs keep im2col when a gradient
// will be taken; at inference (no tape recording the call) they run the direct convolution,
// about twice as fast (the small VGG's 1 → 32 3×3 'same' and the siamese workload's 1 → 32 5×5).

extension ConvolutionKernels {
    /// Whether `Plan` picks the direct convolution for `g` and `filters` (see above).
    /// `inference`: no gradient is taken of the call, so training's rounding is not at stake and a
    /// single-channel input runs the direct convolution too.
    static func prefersDirect(_ g: WindowGeometry, filters: Int, inference: Bool = false) -> Bool {
        VectorUnit.active == .avx512 && filters >= directMinimumFilters
            && g.channels >= (inference ? 1 : directMinimumChannels)
    }

    /// Fewer filters leave most of a 16-lane vector empty (LeNet-5's 6).
    static let directMinimumFilters = 16

    /// Single-channel inputs (the images' first convolution) keep im2col in training: the direct
    /// sum was twice as fast there, but its rounding, on the first layer, took training further from Keras's
    /// (`TransferTrainingParityTests`: the small VGG's first-layer biases after 30 steps 7.7%
    /// of their movement away from Keras's, against 4.2% with im2col; see the file's header).
    static let directMinimumChannels = 2

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
        // Fewer samples than workers: each sample's rows in as many bands as there are workers.
        let bands = g.batch >= Parallel.workers ? 1 : Swift.min(Parallel.workers, g.outputHeight)
        let rowsPerBand = (g.outputHeight + bands - 1) / bands
        Parallel.forRanges(g.batch * bands, minimumCount: 2) { start, end in
            var local = conv
            for item in start..<end {
                let (sample, band) = item.quotientAndRemainder(dividingBy: bands)
                let first = band * rowsPerBand, last = Swift.min(g.outputHeight, first + rowsPerBand)
                if first < last { dl_conv_direct(&local, sample, first, last) }
            }
        }
    }
}
