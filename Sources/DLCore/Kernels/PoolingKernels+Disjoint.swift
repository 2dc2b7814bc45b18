internal import CKernels

// Max pooling with disjoint windows that lie inside the input (pool size = strides, no padding
// cell in any window: Keras's default MaxPooling2D(2) with 'valid', or 'same' on even sizes).
// Shapes: x [N, H, W, C] → out [N, OH, OW, C], and (for training) winners [N, OH, OW, C] bytes:
// each output's winning cell inside its window, kh·KW + kw (the first maximum in kh-then-kw order,
// or the first NaN when the window holds one: the rule of the general kernel and the reference).
// The backward pass scatters each output gradient to its winner without reading x again.
// Both run in CKernels (`dl_maxpool_disjoint`, MaxPoolTemplate.h): vectors along the channels,
// 16 at a time with AVX-512, 8 with AVX2 or portably, comparisons and selects only, so every
// variant gives the same outputs and winners; samples split over the workers when the batch is large.

extension PoolingKernels {
    /// Whether `g`'s windows are disjoint and free of padding, so the `disjoint` kernels apply
    /// (and small enough, at most 256 cells, for a winner to fit in a byte).
    package static func hasDisjointWindows(_ g: WindowGeometry) -> Bool {
        g.kernelHeight == g.strideHeight && g.kernelWidth == g.strideWidth && g.padTop == 0 && g.padLeft == 0
            && g.outputHeight * g.strideHeight <= g.height && g.outputWidth * g.strideWidth <= g.width
            && g.kernelHeight * g.kernelWidth <= 256
    }

    /// Max pooling forward over disjoint windows, and where `winners` is given, each output's
    /// winning cell kh·KW + kw. Shapes: x `[N, H, W, C]` → out, winners `[N, OH, OW, C]`.
    /// - Precondition: `hasDisjointWindows(g)`.
    package static func maxPoolDisjoint(_ x: UnsafeBufferPointer<Float>, _ g: WindowGeometry,
                                       into out: UnsafeMutableBufferPointer<Float>,
                                       winners: UnsafeMutableBufferPointer<UInt8>? = nil) {
        check(hasDisjointWindows(g) && x.count == g.batch * g.sampleSize && out.count == g.outputPositions * g.channels
              && (winners == nil || winners!.count == out.count),
              "maxPoolDisjoint: buffers of \(x.count), \(out.count) and \(winners?.count ?? 0) scalars do not fit \(g) with disjoint windows")
        guard let xp = x.baseAddress, let op = out.baseAddress, g.channels > 0 else { return }
        let pool = dl_maxpool(x: xp, height: g.height, width: g.width, channels: g.channels,
                              poolHeight: g.kernelHeight, poolWidth: g.kernelWidth, outHeight: g.outputHeight,
                              outWidth: g.outputWidth, out: op, winners: winners?.baseAddress)
        forSampleRanges(g) { first, last in
            var local = pool
            dl_maxpool_disjoint(&local, first, last)
        }
    }

    /// Max pooling backward over disjoint windows: each output gradient goes to its window's
    /// winner, the others cells get 0; with `mask` (the pooled outputs of a ReLU convolution), a
    /// gradient counts as 0 where the mask is not positive (ReLU's pullback, in the same pass).
    /// Shapes: grad, winners, mask `[N, OH, OW, C]` → dx `[N, H, W, C]` (overwritten; cells outside
    /// every window get 0).
    /// - Precondition: `hasDisjointWindows(g)`, and `winners` comes from `maxPoolDisjoint` with `g`.
    package static func maxPoolDisjointBackward(_ grad: UnsafeBufferPointer<Float>, winners: UnsafeBufferPointer<UInt8>,
                                               _ g: WindowGeometry, into dx: UnsafeMutableBufferPointer<Float>,
                                               mask: UnsafeBufferPointer<Float>? = nil) {
        check(hasDisjointWindows(g) && dx.count == g.batch * g.sampleSize
              && grad.count == g.outputPositions * g.channels && winners.count == grad.count
              && (mask == nil || mask!.count == grad.count),
              "maxPoolDisjointBackward: buffers do not fit \(g) with disjoint windows")
        guard let gp = grad.baseAddress, let wp = winners.baseAddress, let dp = dx.baseAddress, g.channels > 0 else { return }
        let pool = dl_maxpool_backward(grad: gp, winners: wp, mask: mask?.baseAddress, height: g.height, width: g.width, channels: g.channels,
                                       poolHeight: g.kernelHeight, poolWidth: g.kernelWidth, outHeight: g.outputHeight,
                                       outWidth: g.outputWidth, dx: dp)
        forSampleRanges(g) { first, last in
            var local = pool
            dl_maxpool_disjoint_backward(&local, first, last)
        }
    }

    /// `body(first, last)` over ranges of samples that cover the batch, in parallel when it is large.
    @inline(__always)
    private static func forSampleRanges(_ g: WindowGeometry, _ body: (Int, Int) -> Void) {
        Parallel.forRanges(g.batch, minimumCount: g.parallelMinimumSamples(workPerSample: g.sampleSize), body)
    }
}
