// Naive references of the transposed convolution kernels, one scalar at a time, for tests: each
// input cell scatters its window onto the output, as TensorFlow's conv2d_transpose defines it,
// without going through the convolution kernels.

extension ConvolutionKernels {
    /// Naive reference of `transposedForward` (direct scatter). Same shapes:
    /// x `[N, H, W, C]`, kernel `[KH, KW, F, C]`, bias `[F]` → `[N, OH, OW, F]`.
    package static func referenceTransposedForward(_ x: [Float], kernel: [Float], bias: [Float]?, _ g: WindowGeometry,
                                                  channels: Int, relu: Bool) -> [Float] {
        let filters = g.channels
        var out = [Float](repeating: 0, count: g.batch * g.sampleSize)
        forEachTap(g) { xCell, kernelCell, outCell in
            for f in 0..<filters {
                for c in 0..<channels {
                    out[outCell * filters + f] += x[xCell * channels + c] * kernel[(kernelCell * filters + f) * channels + c]
                }
            }
        }
        for i in out.indices {
            let v = out[i] + (bias?[i % Swift.max(filters, 1)] ?? 0)
            out[i] = relu ? Swift.max(v, 0) : v
        }
        return out
    }

    /// Naive reference of `transposedBackward`: returns dx, dKernel and dBias. Same shapes.
    package static func referenceTransposedBackward(_ grad: [Float], output: [Float]?, relu: Bool, x: [Float], kernel: [Float],
                                                   _ g: WindowGeometry, channels: Int)
        -> (dx: [Float], dKernel: [Float], dBias: [Float]) {
        let filters = g.channels
        let gOut = relu ? zip(grad, output!).map { $1 > 0 ? $0 : 0 } : grad
        var dx = [Float](repeating: 0, count: x.count)
        var dKernel = [Float](repeating: 0, count: kernel.count)
        var dBias = [Float](repeating: 0, count: filters)
        for (i, v) in gOut.enumerated() { dBias[i % filters] += v }
        forEachTap(g) { xCell, kernelCell, outCell in
            for f in 0..<filters {
                for c in 0..<channels {
                    let k = (kernelCell * filters + f) * channels + c
                    dx[xCell * channels + c] += gOut[outCell * filters + f] * kernel[k]
                    dKernel[k] += gOut[outCell * filters + f] * x[xCell * channels + c]
                }
            }
        }
        return (dx, dKernel, dBias)
    }

    /// Calls `body(xCell, kernelCell, outCell)` for every input cell `(n, ih, iw)` and kernel cell
    /// `(kh, kw)` whose output cell `(n, ih·sh − padTop + kh, iw·sw − padLeft + kw)` lies inside
    /// the output (cells numbered row-major without their channels).
    private static func forEachTap(_ g: WindowGeometry, _ body: (Int, Int, Int) -> Void) {
        for n in 0..<g.batch {
            for ih in 0..<g.outputHeight {
                for iw in 0..<g.outputWidth {
                    for kh in 0..<g.kernelHeight {
                        for kw in 0..<g.kernelWidth {
                            let oh = ih * g.strideHeight - g.padTop + kh, ow = iw * g.strideWidth - g.padLeft + kw
                            guard oh >= 0, oh < g.height, ow >= 0, ow < g.width else { continue }
                            body((n * g.outputHeight + ih) * g.outputWidth + iw, kh * g.kernelWidth + kw,
                                 (n * g.height + oh) * g.width + ow)
                        }
                    }
                }
            }
        }
    }
}
