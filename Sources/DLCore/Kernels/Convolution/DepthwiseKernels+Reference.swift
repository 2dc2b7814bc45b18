// Naive references of the depthwise convolution kernels, one scalar at a time, for tests.

extension DepthwiseKernels {
    /// Naive reference of `forward`. Shapes: x `[N, H, W, C]`, kernel `[KH, KW, C, M]`, bias `[C·M]` → `[N, OH, OW, C·M]`.
    package static func referenceForward(_ x: [Float], kernel: [Float], bias: [Float]?, _ g: WindowGeometry,
                                        multiplier: Int) -> [Float] {
        let cm = g.channels * multiplier
        var out = [Float](repeating: 0, count: g.outputPositions * cm)
        for position in 0..<g.outputPositions {
            for c in 0..<g.channels {
                for m in 0..<multiplier {
                    var total = bias?[c * multiplier + m] ?? 0
                    forEachCell(g, position: position) { cell, pixel in
                        total += x[pixel * g.channels + c] * kernel[cell * cm + c * multiplier + m]
                    }
                    out[position * cm + c * multiplier + m] = total
                }
            }
        }
        return out
    }

    /// Naive reference of `inputGradient` and `weightGradients`: returns dx, dKernel and dBias.
    package static func referenceBackward(_ grad: [Float], x: [Float], kernel: [Float], _ g: WindowGeometry,
                                         multiplier: Int) -> (dx: [Float], dKernel: [Float], dBias: [Float]) {
        let cm = g.channels * multiplier
        var dx = [Float](repeating: 0, count: x.count)
        var dKernel = [Float](repeating: 0, count: kernel.count)
        var dBias = [Float](repeating: 0, count: cm)
        for position in 0..<g.outputPositions {
            for c in 0..<g.channels {
                for m in 0..<multiplier {
                    let j = c * multiplier + m, gv = grad[position * cm + j]
                    dBias[j] += gv
                    forEachCell(g, position: position) { cell, pixel in
                        dx[pixel * g.channels + c] += gv * kernel[cell * cm + j]
                        dKernel[cell * cm + j] += gv * x[pixel * g.channels + c]
                    }
                }
            }
        }
        return (dx, dKernel, dBias)
    }

    /// Calls `body(cell, pixel)` for every window cell `kh·KW + kw` of output position `position`
    /// (`(n·OH + oh)·OW + ow`) that lies inside the input, `pixel` being `(n·H + ih)·W + iw`.
    private static func forEachCell(_ g: WindowGeometry, position: Int, _ body: (Int, Int) -> Void) {
        let n = position / (g.outputHeight * g.outputWidth)
        let oh = position / g.outputWidth % g.outputHeight, ow = position % g.outputWidth
        for kh in 0..<g.kernelHeight {
            for kw in 0..<g.kernelWidth {
                let ih = oh * g.strideHeight - g.padTop + kh, iw = ow * g.strideWidth - g.padLeft + kw
                guard ih >= 0, ih < g.height, iw >= 0, iw < g.width else { continue }
                body(kh * g.kernelWidth + kw, (n * g.height + ih) * g.width + iw)
            }
        }
    }
}
