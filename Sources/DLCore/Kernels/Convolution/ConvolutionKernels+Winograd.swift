// Winograd convolution for 3×3, stride-1 windows (`Winograd.swift` has the transforms).
// Shapes: x [N, H, W, C], kernel [3, 3, C, F], bias [F] → out [N, OH, OW, F]; the output is cut
// into m×m tiles, T of them per chunk of samples (partial tiles at the right and bottom edges).
//
//  1. U [α², C, F] = G g Gᵀ, once per call, shared by the workers (or given: a layer's kernel
//     variable keeps its U between calls while its value is unchanged, `winogradTransformedKernel`);
//  2. Per chunk: V [α², T, C] = Bᵀ d B for each tile's α×α input window (zeros outside the image:
//     the 'same' padding and the edge tiles' overhang);
//  3. α² products M_e [T, F] = V_e [T, C] · U_e [C, F] (`winogradProducts`, single-threaded);
//  4. out = act(Aᵀ M A + bias) on the valid cells of each tile.
// A chunk's V and M are sized to stay near a core's L2 cache (`Plan.winogradSamplesPerChunk`).
//
// The backward pass's dx of a 'same' convolution is the same algorithm run on the output gradient
// (ReLU's mask applied as the input transform reads it) with the kernel turned by 180° and C and
// F swapped. On the VGG workload (quick mode) this took about 15% less CPU time than dx by
// im2col products and col2im.

extension ConvolutionKernels {
    /// The Winograd variants: F(m×m, 3×3) by its output tile side m.
    package enum WinogradTile: Int, Sendable {
        /// F(2×2, 3×3): 4×4 input tiles, 2.25× fewer multiplications than direct convolution.
        case f2 = 2
        /// F(4×4, 3×3): 6×6 input tiles, 4× fewer multiplications.
        case f4 = 4
    }

    /// Whether Winograd's algorithm applies to `g`: a 3×3 window with stride 1.
    static func allowsWinograd(_ g: WindowGeometry) -> Bool {
        g.kernelHeight == 3 && g.kernelWidth == 3 && g.strideHeight == 1 && g.strideWidth == 1
    }

    /// The samples per Winograd chunk whose V and M (`α²·tiles·(C + F)` scalars each) fill about
    /// `winogradChunkScalars`, at least 1 and at most an even share of the batch per worker.
    static func winogradSamplesPerChunk(_ g: WindowGeometry, filters: Int, tile: WinogradTile) -> Int {
        let m = tile.rawValue, a = m + 2
        let tiles = ((g.outputHeight + m - 1) / m) * ((g.outputWidth + m - 1) / m)
        let perSample = Swift.max(a * a * tiles * (g.channels + filters), 1)
        let balanced = (g.batch + Parallel.workers - 1) / Parallel.workers
        return Swift.max(1, Swift.min(winogradChunkScalars / perSample, balanced))
    }

    /// Channels below which the plan keeps im2col (with few channels the products' k is too short).
    static let winogradMinimumChannels = 16
    /// Filters below which the plan keeps im2col (the transposed product serves few filters).
    static let winogradMinimumFilters = 16

    /// Scalars (one cache line) added to the distance between consecutive cells of V and M: with
    /// 16 tiles of 64 channels, a cell is exactly 4 KiB, and the transforms' 36 reads or writes
    /// per tile would all fall in the same sets of the L1 cache.
    static let winogradCellSkew = 16

    /// The scalars a Winograd chunk's V and M aim at (512 KiB). Measured on the VGG workload with
    /// F(4×4): one sample per chunk (V and M 220 to 440 KiB) took about 10% less CPU time than
    /// chunks near 1 MiB, where the α² products are longer but V and M spill out of L2. Small
    /// images need several samples per chunk for products long enough to pay for each call (α²
    /// `cblas_sgemm` calls per chunk, each taking OpenBLAS's buffer lock): with 256 KiB, the
    /// resnet workload's 14×14×32 layers (16 tiles a sample) and the siamese workload's 12×12×32
    /// one (9 tiles) got one or two samples per chunk and took 20 to 30% longer (one core,
    /// forward and dx) than with the three or four that 512 KiB gives; the VGG workload keeps one.
    static let winogradChunkScalars = 1 << 17

    /// `forward` by Winograd's algorithm with `tile`, chunks of `samplesPerChunk` samples; x reads
    /// as zero where `mask` (same shape as x) is not positive. Same shapes; `transformed`, when
    /// given, is U = `winogradTransformedKernel(kernel, ...)` `[α², C, F]`, used as is; `restorer`,
    /// when given, writes each chunk's all-zero windows exactly (ConvolutionKernels+ZeroWindows.swift);
    /// `residual` (out's shape), when given, is added after the bias and before ReLU (a residual
    /// block's Add, `forwardAddingResidual`).
    static func winogradForward(_ x: UnsafePointer<Float>, mask: UnsafePointer<Float>? = nil, kernel: UnsafePointer<Float>,
                                transformed: UnsafePointer<Float>? = nil,
                                bias: UnsafePointer<Float>?, _ g: WindowGeometry, filters: Int, relu: Bool,
                                into out: UnsafeMutablePointer<Float>, tile: WinogradTile, samplesPerChunk: Int,
                                restorer: ZeroWindowRestorer? = nil, residual: UnsafePointer<Float>? = nil) {
        switch tile {
        case .f2: winogradForward(WinogradF2.self, x, mask: mask, kernel: kernel, transformed: transformed, bias: bias, g,
                                  filters: filters, relu: relu, into: out, samplesPerChunk: samplesPerChunk, restorer: restorer,
                                  residual: residual)
        case .f4: winogradForward(WinogradF4.self, x, mask: mask, kernel: kernel, transformed: transformed, bias: bias, g,
                                  filters: filters, relu: relu, into: out, samplesPerChunk: samplesPerChunk, restorer: restorer,
                                  residual: residual)
        }
    }

    /// U = G g Gᵀ for `tile`, what `winogradForward` multiplies by: the value to keep between
    /// calls while the kernel is unchanged. Shapes: kernel `[3, 3, C, F]` → `[α², C, F]`.
    package static func winogradTransformedKernel(_ kernel: UnsafeBufferPointer<Float>, channels: Int, filters: Int,
                                                  tile: WinogradTile) -> [Float] {
        let a = tile.rawValue + 2, count = a * a * channels * filters
        check(kernel.count == 9 * channels * filters,
              "winogradTransformedKernel: \(kernel.count) scalars are not a [3, 3, \(channels), \(filters)] kernel")
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            if let k = kernel.baseAddress, let u = buffer.baseAddress {
                switch tile {
                case .f2: WinogradF2.transformKernel(k, channels: channels, filters: filters, into: u)
                case .f4: WinogradF4.transformKernel(k, channels: channels, filters: filters, into: u)
                }
            } else {
                buffer.initialize(repeating: 0)
            }
            initialized = count
        }
    }

    /// Whether `backward` computes dx by Winograd's algorithm under `plan`: for a 3×3 stride-1
    /// convolution, 'same' or 'valid', dx is itself one, of the output gradient (see below).
    static func winogradComputesInputGradient(_ g: WindowGeometry, plan: Plan) -> Bool {
        plan.winograd && g.padTop <= 2 && g.padLeft <= 2
    }

    /// dx of a 3×3 stride-1 convolution by Winograd's algorithm: the convolution of the output
    /// gradient, zero where `mask` is not positive (ReLU's pullback), with the kernel turned by 180°
    /// and its channels and filters swapped, padded so that it comes out the input's size ('same'
    /// for a 'same' convolution, two cells on each side for a 'valid' one).
    /// Shapes: grad, mask `[N, OH, OW, F]`, kernel `[3, 3, C, F]` → dx `[N, H, W, C]` (overwritten).
    static func winogradInputGradient(_ grad: UnsafePointer<Float>, mask: UnsafePointer<Float>?, kernel: UnsafePointer<Float>,
                                      _ g: WindowGeometry, filters: Int, into dx: UnsafeMutablePointer<Float>,
                                      tile: WinogradTile, samplesPerChunk: Int) {
        let c = g.channels
        // turned[2 − kh, 2 − kw, f, c] = kernel[kh, kw, c, f].
        let turned = [Float](unsafeUninitializedCapacity: 9 * c * filters) { buffer, count in
            for tap in 0..<9 {
                let source = kernel + tap * c * filters, target = (8 - tap) * filters * c
                for channel in 0..<c {
                    for f in 0..<filters { buffer[target + f * c + channel] = source[channel * filters + f] }
                }
            }
            count = 9 * c * filters
        }
        // Input cell (h, w) sums the gradient's cells (h + padTop − 2 + i, w + padLeft − 2 + j) under
        // turned[i, j]: a stride-1 window with 2 − padTop, 2 − padLeft zero cells before (1 for 'same',
        // 2 for 'valid') and the input's size as output.
        let gradientGeometry = WindowGeometry(inputShape: [g.batch, g.outputHeight, g.outputWidth, filters], kernel: (3, 3),
                                              padTop: 2 - g.padTop, padLeft: 2 - g.padLeft,
                                              outputHeight: g.height, outputWidth: g.width)
        turned.withUnsafeBufferPointer {
            winogradForward(grad, mask: mask, kernel: $0.baseAddress!, bias: nil, gradientGeometry, filters: c, relu: false,
                            into: dx, tile: tile, samplesPerChunk: samplesPerChunk)
        }
    }

    /// `forward` by the Winograd variant `T`. Same shapes.
    private static func winogradForward<T: WinogradTransform>(
        _: T.Type, _ x: UnsafePointer<Float>, mask: UnsafePointer<Float>?, kernel: UnsafePointer<Float>,
        transformed: UnsafePointer<Float>?, bias: UnsafePointer<Float>?, _ g: WindowGeometry, filters: Int, relu: Bool,
        into out: UnsafeMutablePointer<Float>, samplesPerChunk: Int, restorer: ZeroWindowRestorer?,
        residual: UnsafePointer<Float>?
    ) {
        let m = T.outputTile, a = T.inputTile, cells = a * a, c = g.channels
        let tileRows = (g.outputHeight + m - 1) / m, tileColumns = (g.outputWidth + m - 1) / m
        let tilesPerSample = tileRows * tileColumns
        var u = ScratchPool.take(transformed == nil ? cells * c * filters : 1)
        if transformed == nil {
            u.withUnsafeMutableBufferPointer { T.transformKernel(kernel, channels: c, filters: filters, into: $0.baseAddress!) }
        }
        let maxTiles = samplesPerChunk * tilesPerSample
        u.withUnsafeBufferPointer { ub in
            let up = transformed ?? ub.baseAddress!
            let scratchCount = cells * (maxTiles * (c + filters) + 2 * winogradCellSkew)
            forEachChunk(g.batch, samplesPerChunk, scratchCount: scratchCount) { samples, scratch in
                let tiles = samples.count * tilesPerSample
                let vStride = tiles * c + winogradCellSkew, mStride = tiles * filters + winogradCellSkew
                let v = scratch, product = scratch + cells * vStride
                winogradInput(T.self, x, mask: mask, g, samples: samples, tileColumns: tileColumns, tileRows: tileRows,
                              into: v, cellStride: vStride)
                winogradProducts(v, cellStride: vStride, up, into: product, cellStride: mStride, cells: cells,
                                 tiles: tiles, channels: c, filters: filters)
                winogradOutput(T.self, product, cellStride: mStride, g, samples: samples, filters: filters,
                               tileColumns: tileColumns, tileRows: tileRows, bias: bias, residual: residual, relu: relu,
                               into: out)
                restorer?.restore(x, samples: samples, residual: residual, into: out)
            }
        }
        ScratchPool.recycle(u)
    }

    /// `winogradInput` in Swift on SIMD8 vectors, eight channels at a time: the reference the C
    /// kernels (ConvolutionKernels+WinogradVector.swift) match bit for bit. V [α², tiles, C] (cell e
    /// at `v + e·cellStride`) = Bᵀ d B for every tile of `samples` (tiles in sample, row, column
    /// order); input cells outside the image, or where `mask` is not positive, read as zero.
    static func winogradInputSIMD8<T: WinogradTransform>(
        _: T.Type, _ x: UnsafePointer<Float>, mask: UnsafePointer<Float>?, _ g: WindowGeometry, samples: Range<Int>,
        tileColumns: Int, tileRows: Int, into v: UnsafeMutablePointer<Float>, cellStride: Int
    ) {
        let m = T.outputTile, a = T.inputTile, c = g.channels
        let columnBytes = c * MemoryLayout<Float>.stride, rowBytes = g.width * columnBytes
        let vectorBytes = MemoryLayout<SIMD8<Float>>.stride
        let d = UnsafeMutablePointer<SIMD8<Float>>.allocate(capacity: a * a)
        defer { d.deallocate() }
        var t = 0
        for n in samples {
            let sample = x + n * g.sampleSize, sampleMask = mask.map { $0 + n * g.sampleSize }
            for ty in 0..<tileRows {
                let top = ty * m - g.padTop
                for tx in 0..<tileColumns {
                    let left = tx * m - g.padLeft
                    let inside = top >= 0 && top + a <= g.height && left >= 0 && left + a <= g.width
                    var channel = 0
                    while channel < c {
                        let lanes = Swift.min(8, c - channel)
                        if inside && lanes == 8 {
                            // An interior tile, eight whole channels: no bounds to check, and the
                            // column transforms read the input in place (no gathered copy of the tile).
                            let corner = (top * g.width + left) * c + channel
                            let source = UnsafeRawPointer(sample + corner), sourceMask = sampleMask.map { UnsafeRawPointer($0 + corner) }
                            for j in 0..<a {
                                T.transformInput(from: source + j * columnBytes, stride: rowBytes,
                                                 mask: sourceMask.map { $0 + j * columnBytes },
                                                 into: UnsafeMutableRawPointer(d + j), outStride: a * vectorBytes)
                            }
                        } else {
                            for i in 0..<a {
                                let ih = top + i
                                for j in 0..<a {
                                    let iw = left + j
                                    if ih >= 0 && ih < g.height && iw >= 0 && iw < g.width {
                                        let offset = (ih * g.width + iw) * c + channel
                                        var value = load(sample + offset, lanes: lanes)
                                        if let sampleMask {
                                            value.replace(with: 0, where: .!(load(sampleMask + offset, lanes: lanes) .> 0))
                                        }
                                        d[i * a + j] = value
                                    } else {
                                        d[i * a + j] = SIMD8()
                                    }
                                }
                            }
                            for j in 0..<a { T.transformInput(d + j, stride: a) }
                        }
                        // The row transforms, then V; eight whole channels go straight into V.
                        let target = v + t * c + channel
                        if lanes == 8 {
                            for i in 0..<a {
                                T.transformInput(from: UnsafeRawPointer(d + i * a), stride: vectorBytes, mask: nil,
                                                 into: UnsafeMutableRawPointer(target + i * a * cellStride),
                                                 outStride: cellStride * MemoryLayout<Float>.stride)
                            }
                        } else {
                            for i in 0..<a { T.transformInput(d + i * a, stride: 1) }
                            for cell in 0..<(a * a) { store(d[cell], into: target + cell * cellStride, lanes: lanes) }
                        }
                        channel += 8
                    }
                    t += 1
                }
            }
        }
    }

    /// `winogradOutput` in Swift on SIMD8 vectors, eight filters at a time: the reference the C
    /// kernels match bit for bit. out = act(Aᵀ M A + bias) for every tile of `samples`, from
    /// M [α², tiles, F] (cell e at `product + e·cellStride`); only the tiles' cells inside the
    /// output are written.
    static func winogradOutputSIMD8<T: WinogradTransform>(
        _: T.Type, _ product: UnsafePointer<Float>, cellStride: Int, _ g: WindowGeometry, samples: Range<Int>, filters: Int,
        tileColumns: Int, tileRows: Int, bias: UnsafePointer<Float>?, relu: Bool, into out: UnsafeMutablePointer<Float>
    ) {
        let m = T.outputTile, a = T.inputTile
        let buffer = UnsafeMutablePointer<SIMD8<Float>>.allocate(capacity: a * a + m * a + m * m)
        defer { buffer.deallocate() }
        let mt = buffer, temp = buffer + a * a, y = temp + m * a
        var t = 0
        for n in samples {
            let sample = out + n * g.outputHeight * g.outputWidth * filters
            for ty in 0..<tileRows {
                let rows = Swift.min(m, g.outputHeight - ty * m)
                for tx in 0..<tileColumns {
                    let columns = Swift.min(m, g.outputWidth - tx * m)
                    var filter = 0
                    while filter < filters {
                        let lanes = Swift.min(8, filters - filter)
                        let source = product + t * filters + filter
                        let b = bias.map { load($0 + filter, lanes: lanes) } ?? SIMD8()
                        if lanes == 8 {
                            // Eight whole filters: the column transforms read M in place, and only
                            // the rows inside the output are transformed (same formulas, same order).
                            let cellBytes = cellStride * MemoryLayout<Float>.stride
                            let vectorBytes = MemoryLayout<SIMD8<Float>>.stride
                            for j in 0..<a {
                                T.transformOutput(from: UnsafeRawPointer(source) + j * cellBytes, stride: a * cellBytes,
                                                  into: UnsafeMutableRawPointer(temp + j), outStride: a * vectorBytes)
                            }
                            for i in 0..<rows {
                                T.transformOutput(UnsafePointer(temp + i * a), stride: 1, into: y, outStride: 1)
                                let row = sample + ((ty * m + i) * g.outputWidth + tx * m) * filters + filter
                                for j in 0..<columns {
                                    var value = y[j] + b
                                    if relu { value.replace(with: 0, where: value .<= 0) }   // NaN stays NaN
                                    UnsafeMutableRawPointer(row + j * filters).storeBytes(of: value, as: SIMD8<Float>.self)
                                }
                            }
                            filter += 8
                            continue
                        }
                        for cell in 0..<(a * a) { mt[cell] = load(source + cell * cellStride, lanes: lanes) }
                        T.transformOutputTile(mt, temp: temp, into: y)
                        for i in 0..<rows {
                            for j in 0..<columns {
                                var value = y[i * m + j] + b
                                if relu { value.replace(with: 0, where: value .<= 0) }   // NaN stays NaN
                                let oh = ty * m + i, ow = tx * m + j
                                store(value, into: sample + (oh * g.outputWidth + ow) * filters + filter, lanes: lanes)
                            }
                        }
                        filter += 8
                    }
                    t += 1
                }
            }
        }
    }

    /// The `lanes` (1 to 8) scalars at `p` as a vector, zeros after them.
    @inline(__always)
    static func load(_ p: UnsafePointer<Float>, lanes: Int) -> SIMD8<Float> {
        if lanes == 8 { return UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self) }
        var v = SIMD8<Float>()
        for lane in 0..<lanes { v[lane] = p[lane] }
        return v
    }

    /// Writes the first `lanes` (1 to 8) scalars of `v` at `p`.
    @inline(__always)
    static func store(_ v: SIMD8<Float>, into p: UnsafeMutablePointer<Float>, lanes: Int) {
        if lanes == 8 {
            UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
            return
        }
        for lane in 0..<lanes { p[lane] = v[lane] }
    }
}
