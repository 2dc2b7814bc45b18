internal import CKernels

// Winograd's algorithm computes a tile of outputs together, through transforms of the whole input
// tile, so an output whose own 3×3 window holds only zeros (the background of an MNIST-like
// image, 'same' padding) comes out as bias + a rounding residue of the tile's other inputs,
// ±1e-8 to 1e-6 rather than exactly the bias. With the zero biases of a fresh layer, about half
// of those residues are positive: ReLU then passes them, and the backward pass sends the bias
// gradient through every such position, where the direct convolution (TensorFlow's, the naive
// reference, im2col) gives exactly 0 and ReLU's derivative 0. In the transfer protocol's small
// VGG this changed the sign of 2 of 32, 6 of 64 and 7 of 64 bias gradients of its three Winograd
// layers at the first step (Tests/DLModelsTests/EndToEnd/TransferTrainingParityTests.swift).
// `ZeroWindowRestorer` writes those outputs exactly, as the direct convolution would, chunk by
// chunk inside the Winograd forward pass (ConvolutionKernels+Winograd.swift).

extension ConvolutionKernels {
    /// Overwrites with `act(bias)` (0 without bias) each output whose input window holds only zeros
    /// (padding included), what the direct convolution gives there, and leaves every other output
    /// as is; for the samples of one chunk at a time, so that `winogradForward` runs it while the
    /// chunk's input is still in cache from its input transform. Not for a kernel that is not finite
    /// (0·∞ is NaN in the direct sum; `forward` makes none then).
    /// Shapes: x `[N, H, W, C]`, bias `[F]`, out `[N, OH, OW, F]`.
    struct ZeroWindowRestorer {
        let g: WindowGeometry
        let filters: Int
        /// act(bias) for a whole output row of filters, computed once.
        let values: [Float]
        /// The bias (0 without) and whether act is ReLU: with a residual, each output is act(bias + r).
        let bias: [Float]
        let relu: Bool
        /// Every window holds an input pixel (not only padding): then a sample without all-zero
        /// pixels has no all-zero window, and is skipped.
        let everyWindowHoldsAPixel: Bool

        init?(bias: UnsafePointer<Float>?, _ g: WindowGeometry, filters: Int, relu: Bool) {
            guard g.batch > 0, filters > 0 else { return nil }
            self.g = g
            self.filters = filters
            self.bias = (0..<filters).map { bias?[$0] ?? 0 }
            self.relu = relu
            values = self.bias.map { relu && $0 <= 0 ? 0 : $0 }
            everyWindowHoldsAPixel = ConvolutionKernels.windowRows(g, 0).count > 0
                && ConvolutionKernels.windowRows(g, g.outputHeight - 1).count > 0
                && ConvolutionKernels.windowColumns(g, 0).count > 0
                && ConvolutionKernels.windowColumns(g, g.outputWidth - 1).count > 0
        }

        /// Restores the all-zero windows of `samples` (on the calling thread): act(bias), or with
        /// `residual` (out's shape) act(bias + residual) there, as the convolution then the Add give it.
        func restore(_ x: UnsafePointer<Float>, samples: Range<Int>, residual: UnsafePointer<Float>? = nil,
                     into out: UnsafeMutablePointer<Float>) {
            let (height, width, channels) = (g.height, g.width, g.channels)
            // nonzero[h·W + w]: whether any channel of pixel (h, w) is non-zero; rowHits
            // [h·OW + ow]: whether any pixel of row h in output column ow's window is.
            var nonzero = [UInt8](repeating: 0, count: height * width)
            var rowHits = [Bool](repeating: false, count: height * g.outputWidth)
            values.withUnsafeBufferPointer { valuesBuffer in
                nonzero.withUnsafeMutableBufferPointer { flags in
                    rowHits.withUnsafeMutableBufferPointer { hits in
                        for n in samples {
                            // A pixel is zero when every channel is ±0 (NaN is not zero).
                            let zeroPixels = dl_nonzero_pixels(x + n * g.sampleSize, height * width, channels, flags.baseAddress)
                            if zeroPixels == 0 && everyWindowHoldsAPixel { continue }
                            ConvolutionKernels.writeZeroWindows(n, flags: UnsafeBufferPointer(flags), rowHits: hits,
                                             allZero: zeroPixels == height * width, g, filters: filters,
                                             into: out) { output in
                                if let residual {
                                    let r = residual + (output - out)
                                    for f in 0..<filters {
                                        let v = bias[f] + r[f]
                                        output[f] = relu && v <= 0 ? 0 : v
                                    }
                                } else {
                                    output.update(from: valuesBuffer.baseAddress!, count: filters)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The input rows of output row `oh`'s window (padding left out).
    fileprivate static func windowRows(_ g: WindowGeometry, _ oh: Int) -> Range<Int> {
        let top = oh * g.strideHeight - g.padTop
        return Swift.max(top, 0)..<Swift.max(Swift.min(top + g.kernelHeight, g.height), Swift.max(top, 0))
    }

    /// The input columns of output column `ow`'s window (padding left out).
    fileprivate static func windowColumns(_ g: WindowGeometry, _ ow: Int) -> Range<Int> {
        let left = ow * g.strideWidth - g.padLeft
        return Swift.max(left, 0)..<Swift.max(Swift.min(left + g.kernelWidth, g.width), Swift.max(left, 0))
    }

    /// Calls `write` with each of sample `n`'s outputs (its `filters` scalars in `out`) whose window
    /// has no flagged pixel: first, for each input row and output column, whether the window's
    /// columns hold a flagged pixel (`rowHits`, scratch of `H·OW`), then for each output whether any
    /// of its window's rows does.
    fileprivate static func writeZeroWindows(_ n: Int, flags: UnsafeBufferPointer<UInt8>, rowHits: UnsafeMutableBufferPointer<Bool>,
                                         allZero: Bool, _ g: WindowGeometry, filters: Int,
                                         into out: UnsafeMutablePointer<Float>,
                                         _ write: (UnsafeMutablePointer<Float>) -> Void) {
        let outputWidth = g.outputWidth
        if !allZero {
            for ow in 0..<outputWidth {
                let columns = windowColumns(g, ow)
                for h in 0..<g.height {
                    var hit = false
                    for w in columns where flags[h * g.width + w] != 0 { hit = true; break }
                    rowHits[h * outputWidth + ow] = hit
                }
            }
        }
        for oh in 0..<g.outputHeight {
            let rows = windowRows(g, oh)
            for ow in 0..<outputWidth {
                var hit = false
                if !allZero {
                    for h in rows where rowHits[h * outputWidth + ow] { hit = true; break }
                }
                if !hit { write(out + ((n * g.outputHeight + oh) * outputWidth + ow) * filters) }
            }
        }
    }
}
