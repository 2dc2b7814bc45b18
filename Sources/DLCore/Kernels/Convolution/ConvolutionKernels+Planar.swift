internal import CKernels

// The one-channel convolution's forward pass (CKernels' `dl_conv_planar`): output pixels in the
// vector lanes, for the first layer of an image model with fewer filters than a vector has lanes
// (LeNet-5's 6 on one channel, where the direct convolution, filters in the lanes, would leave 10 of
// 16 lanes empty and the shifted-rows GEMM spends a third of its time copying and transposing).
// Each output is the direct convolution's sum, bit for bit (`dl_conv_planar`'s comment).
//
// Chosen (`Plan.planar`) for one input channel, strides of 1 and fewer than 16 filters, on CPUs
// with AVX2 or AVX-512 (the portable variant, SSE, keeps OpenBLAS's path: not measured). Measured on
// LeNet-5 (first layer 28×28×1, 5×5 'same', 6 filters), A/B interleaved on an AMD EPYC (Zen 4):
// predict at batch 256 93k → 111k images/s with AVX-512 (the layer went from about a third of the
// time, in copying shifted rows, a GEMM with m = 6 and transposing its result, to a fifth), and
// faster with AVX2 too; a single image 22.0 → 19.8 µs (fastest of 200 runs of 50 calls).

extension ConvolutionKernels {
    /// Whether `Plan` picks the one-channel convolution for `g` and `filters` (see above).
    static func prefersPlanar(_ g: WindowGeometry, filters: Int) -> Bool {
        allowsPlanar(g) && filters < directMinimumFilters && VectorUnit.active != .portable
    }

    /// Whether the one-channel convolution can run `g`: one channel, strides of 1.
    static func allowsPlanar(_ g: WindowGeometry) -> Bool {
        g.channels == 1 && g.strideHeight == 1 && g.strideWidth == 1
    }

    /// `out = act(conv(x, W) + bias)` by the one-channel convolution, the samples (at batch 1,
    /// bands of output rows) split over the workers. Shapes as `forward`'s. Only for a finite
    /// kernel (`forward` checks), as the direct convolution's sums, which it gives.
    static func planarForward(_ x: UnsafePointer<Float>, kernel: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                              _ g: WindowGeometry, filters: Int, relu: Bool, into out: UnsafeMutablePointer<Float>) {
        var conv = dl_direct_conv(
            x: x, height: g.height, width: g.width, channels: 1,
            kernel: kernel, kernelHeight: g.kernelHeight, kernelWidth: g.kernelWidth, filters: filters,
            bias: bias, relu: relu ? 1 : 0, strideHeight: 1, strideWidth: 1,
            padTop: g.padTop, padLeft: g.padLeft, outHeight: g.outputHeight, outWidth: g.outputWidth, out: out,
            pixelStride: 1, channelStride: 1, accumulate: 0)
        let scratchCount = dl_conv_planar_scratch(&conv)
        let bands = OutputBands(g)
        Parallel.forRanges(bands.count, minimumCount: 2) { start, end in
            var local = conv
            withUnsafeTemporaryAllocation(of: Float.self, capacity: scratchCount) { scratch in
                for item in start..<end {
                    let (sample, rows) = bands[item]
                    if !rows.isEmpty {
                        dl_conv_planar(&local, sample, sample + 1, rows.lowerBound, rows.upperBound, scratch.baseAddress!)
                    }
                }
            }
        }
    }
}
