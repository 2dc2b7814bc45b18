// Naive references of the convolution kernels, one scalar at a time, for tests.

extension ConvolutionKernels {
    /// Naive reference of `forward` (direct 7-loop convolution). Same shapes.
    package static func referenceForward(_ x: [Float], kernel: [Float], bias: [Float]?, _ g: WindowGeometry,
                                        filters: Int, relu: Bool) -> [Float] {
        var out = [Float](repeating: 0, count: g.outputPositions * filters)
        for row in 0..<g.outputPositions {
            for f in 0..<filters {
                var total = bias?[f] ?? 0
                forEachCell(g, row: row) { cell, xIndex in total += x[xIndex] * kernel[cell * filters + f] }
                out[row * filters + f] = relu ? Swift.max(total, 0) : total
            }
        }
        return out
    }

    /// Naive reference of the direct convolution (`directForward`), in its order: each output the
    /// sum from 0 of its window's taps inside the input in (kh, kw, c) order, one fused
    /// multiply-add a tap, then + bias, then ReLU (NaN stays NaN). Same shapes as `forward`.
    package static func referenceDirectForward(_ x: [Float], kernel: [Float], bias: [Float]?, _ g: WindowGeometry,
                                              filters: Int, relu: Bool) -> [Float] {
        var out = [Float](repeating: 0, count: g.outputPositions * filters)
        for row in 0..<g.outputPositions {
            for f in 0..<filters {
                var total: Float = 0
                forEachCell(g, row: row) { cell, xIndex in total = total.addingProduct(x[xIndex], kernel[cell * filters + f]) }
                if let bias { total += bias[f] }
                out[row * filters + f] = relu && total <= 0 ? 0 : total
            }
        }
        return out
    }

    /// Naive reference of `backward`: returns dx, dKernel and dBias. Same shapes.
    package static func referenceBackward(_ grad: [Float], output: [Float]?, relu: Bool, x: [Float], kernel: [Float],
                                         _ g: WindowGeometry, filters: Int) -> (dx: [Float], dKernel: [Float], dBias: [Float]) {
        var dx = [Float](repeating: 0, count: x.count)
        var dKernel = [Float](repeating: 0, count: kernel.count)
        var dBias = [Float](repeating: 0, count: filters)
        for row in 0..<g.outputPositions {
            for f in 0..<filters {
                let i = row * filters + f
                let gv = relu && !(output![i] > 0) ? 0 : grad[i]
                dBias[f] += gv
                forEachCell(g, row: row) { cell, xIndex in
                    dx[xIndex] += gv * kernel[cell * filters + f]
                    dKernel[cell * filters + f] += gv * x[xIndex]
                }
            }
        }
        return (dx, dKernel, dBias)
    }

    /// Naive reference of `directKernelGradient`, in its order: for each sample, every dKernel and
    /// dBias entry summed from 0 over its output pixels in (row, column) order (dKernel one fused
    /// multiply-add a term, cells outside the input read as 0; the gradient +0 where `relu` and the
    /// output is not positive), then added to its worker's partial sums (a worker's samples are
    /// contiguous, as `forEachChunk` gives them), the partials added to 0 in worker order.
    package static func referenceDirectKernelGradient(_ grad: [Float], output: [Float]?, relu: Bool, x: [Float],
                                                     _ g: WindowGeometry, filters: Int) -> (dKernel: [Float], dBias: [Float]) {
        let k = g.patchSize, pixels = g.outputHeight * g.outputWidth
        let workers = Swift.min(Parallel.workers, g.batch)
        var dKernel = [Float](repeating: 0, count: k * filters), dBias = [Float](repeating: 0, count: filters)
        for worker in 0..<workers {
            var partialKernel = [Float](repeating: 0, count: k * filters), partialBias = [Float](repeating: 0, count: filters)
            for n in (worker * g.batch / workers)..<((worker + 1) * g.batch / workers) {
                for f in 0..<filters {
                    func gradient(_ pixel: Int) -> Float {
                        let i = (n * pixels + pixel) * filters + f
                        return relu && !(output![i] > 0) ? 0 : grad[i]
                    }
                    var biasSum: Float = 0
                    for pixel in 0..<pixels { biasSum += gradient(pixel) }
                    partialBias[f] += biasSum
                    for kh in 0..<g.kernelHeight {
                        for kw in 0..<g.kernelWidth {
                            for c in 0..<g.channels {
                                var sum: Float = 0
                                for pixel in 0..<pixels {
                                    let ih = pixel / g.outputWidth * g.strideHeight - g.padTop + kh
                                    let iw = pixel % g.outputWidth * g.strideWidth - g.padLeft + kw
                                    let inside = ih >= 0 && ih < g.height && iw >= 0 && iw < g.width
                                    let xv = inside ? x[((n * g.height + ih) * g.width + iw) * g.channels + c] : 0
                                    sum = sum.addingProduct(xv, gradient(pixel))
                                }
                                partialKernel[((kh * g.kernelWidth + kw) * g.channels + c) * filters + f] += sum
                            }
                        }
                    }
                }
            }
            for i in 0..<(k * filters) { dKernel[i] += partialKernel[i] }
            for f in 0..<filters { dBias[f] += partialBias[f] }
        }
        return (dKernel, dBias)
    }

    /// Calls `body(cell, xIndex)` for every window cell `(kh·KW + kw)·C + c` of output row `row`
    /// that lies inside the input.
    private static func forEachCell(_ g: WindowGeometry, row: Int, _ body: (Int, Int) -> Void) {
        let n = row / (g.outputHeight * g.outputWidth)
        let oh = row / g.outputWidth % g.outputHeight, ow = row % g.outputWidth
        for kh in 0..<g.kernelHeight {
            for kw in 0..<g.kernelWidth {
                let ih = oh * g.strideHeight - g.padTop + kh, iw = ow * g.strideWidth - g.padLeft + kw
                guard ih >= 0, ih < g.height, iw >= 0, iw < g.width else { continue }
                for c in 0..<g.channels {
                    body((kh * g.kernelWidth + kw) * g.channels + c, ((n * g.height + ih) * g.width + iw) * g.channels + c)
                }
            }
        }
    }
}
