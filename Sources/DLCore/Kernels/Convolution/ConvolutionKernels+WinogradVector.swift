internal import CKernels

// Winograd's input and output transforms, and the output transform's adjoint (dKernel's dM), by
// the C kernels (Sources/CKernels: portable, AVX2 or AVX-512, chosen at run time; `VectorUnit`),
// one call per sample over all its tiles and channels. They do the same operations in the same
// order on every element as the Swift path on SIMD8 vectors (`winogradInputSIMD8`,
// `winogradOutputSIMD8`, `winogradOutputGradientSIMD8`, kept as their reference), so results are
// bit-identical whichever runs.

extension ConvolutionKernels {
    /// V [α², tiles, C] (cell e at `v + e·cellStride`) = Bᵀ d B for every tile of `samples` (tiles
    /// in sample, row, column order); input cells outside the image, or where `mask` is not
    /// positive, read as zero. Same contract as `winogradInputSIMD8`.
    static func winogradInput<T: WinogradTransform>(
        _: T.Type, _ x: UnsafePointer<Float>, mask: UnsafePointer<Float>?, _ g: WindowGeometry, samples: Range<Int>,
        tileColumns: Int, tileRows: Int, into v: UnsafeMutablePointer<Float>, cellStride: Int
    ) {
        let tilesPerSample = tileRows * tileColumns
        for (index, n) in samples.enumerated() {
            dl_winograd_input(Int32(T.outputTile), x + n * g.sampleSize, mask.map { $0 + n * g.sampleSize }, g.height,
                              g.width, g.channels, g.padTop, g.padLeft, tileRows, tileColumns,
                              v + index * tilesPerSample * g.channels, cellStride)
        }
    }

    /// out = act(Aᵀ M A + bias) for every tile of `samples`, from M [α², tiles, F] (cell e at
    /// `product + e·cellStride`); only the tiles' cells inside the output are written. Same
    /// contract as `winogradOutputSIMD8`. With `residual` (out's shape), act(Aᵀ M A + bias +
    /// residual): a residual block's Add (+ ReLU) in the same pass, as `forward` then the Add give it.
    static func winogradOutput<T: WinogradTransform>(
        _: T.Type, _ product: UnsafePointer<Float>, cellStride: Int, _ g: WindowGeometry, samples: Range<Int>, filters: Int,
        tileColumns: Int, tileRows: Int, bias: UnsafePointer<Float>?, residual: UnsafePointer<Float>? = nil, relu: Bool,
        into out: UnsafeMutablePointer<Float>
    ) {
        let tilesPerSample = tileRows * tileColumns, outputSample = g.outputHeight * g.outputWidth * filters
        for (index, n) in samples.enumerated() {
            dl_winograd_output(Int32(T.outputTile), product + index * tilesPerSample * filters, cellStride, filters,
                               g.outputHeight, g.outputWidth, tileRows, tileColumns, bias,
                               residual.map { $0 + n * outputSample }, relu ? 1 : 0, out + n * outputSample)
        }
    }

    /// dM [α², tiles, F] (cell e at `dm + e·cellStride`) = A gY Aᵀ for every tile of `samples`, and
    /// with `biasSums` each tile's gY sum added there. Same contract as `winogradOutputGradientSIMD8`.
    static func winogradOutputGradient<T: WinogradTransform>(
        _: T.Type, _ grad: UnsafePointer<Float>, mask: UnsafePointer<Float>?, _ g: WindowGeometry, samples: Range<Int>,
        filters: Int, tileColumns: Int, tileRows: Int, into dm: UnsafeMutablePointer<Float>, cellStride: Int,
        biasSums: UnsafeMutablePointer<Float>?
    ) {
        let tilesPerSample = tileRows * tileColumns, outputSample = g.outputHeight * g.outputWidth * filters
        for (index, n) in samples.enumerated() {
            dl_winograd_output_gradient(Int32(T.outputTile), grad + n * outputSample, mask.map { $0 + n * outputSample },
                                        filters, g.outputHeight, g.outputWidth, tileRows, tileColumns,
                                        dm + index * tilesPerSample * filters, cellStride, biasSums)
        }
    }

    /// `winogradOutputGradient` with `tile` for the samples `samples`, by the C kernels (the active
    /// `VectorUnit`) or, with `simd8`, by the Swift reference: the tests' entry point. Shapes: grad,
    /// mask `[N, OH, OW, F]` (geometry `g`), dM cell e at `dm + e·cellStride`, biasSums `[F]`.
    package static func winogradOutputGradient(tile: WinogradTile, simd8: Bool, _ grad: UnsafePointer<Float>,
                                               mask: UnsafePointer<Float>?, _ g: WindowGeometry, samples: Range<Int>,
                                               filters: Int, into dm: UnsafeMutablePointer<Float>, cellStride: Int,
                                               biasSums: UnsafeMutablePointer<Float>?) {
        let m = tile.rawValue
        let rows = (g.outputHeight + m - 1) / m, columns = (g.outputWidth + m - 1) / m
        switch (tile, simd8) {
        case (.f2, false): winogradOutputGradient(WinogradF2.self, grad, mask: mask, g, samples: samples, filters: filters,
                                                  tileColumns: columns, tileRows: rows, into: dm, cellStride: cellStride,
                                                  biasSums: biasSums)
        case (.f2, true): winogradOutputGradientSIMD8(WinogradF2.self, grad, mask: mask, g, samples: samples,
                                                      filters: filters, tileColumns: columns, tileRows: rows, into: dm,
                                                      cellStride: cellStride, biasSums: biasSums)
        case (.f4, false): winogradOutputGradient(WinogradF4.self, grad, mask: mask, g, samples: samples, filters: filters,
                                                  tileColumns: columns, tileRows: rows, into: dm, cellStride: cellStride,
                                                  biasSums: biasSums)
        case (.f4, true): winogradOutputGradientSIMD8(WinogradF4.self, grad, mask: mask, g, samples: samples,
                                                      filters: filters, tileColumns: columns, tileRows: rows, into: dm,
                                                      cellStride: cellStride, biasSums: biasSums)
        }
    }

    /// `winogradInput` with `tile` for the samples `samples` of x, by the C kernels (the active
    /// `VectorUnit`) or, with `simd8`, by the Swift reference: the tests' entry point. Shapes as
    /// `winogradInput`: x and mask `[N, H, W, C]` (geometry `g`), V cell e at `v + e·cellStride`.
    package static func winogradInput(tile: WinogradTile, simd8: Bool, _ x: UnsafePointer<Float>, mask: UnsafePointer<Float>?,
                                      _ g: WindowGeometry, samples: Range<Int>, into v: UnsafeMutablePointer<Float>,
                                      cellStride: Int) {
        let m = tile.rawValue
        let rows = (g.outputHeight + m - 1) / m, columns = (g.outputWidth + m - 1) / m
        switch (tile, simd8) {
        case (.f2, false): winogradInput(WinogradF2.self, x, mask: mask, g, samples: samples, tileColumns: columns,
                                         tileRows: rows, into: v, cellStride: cellStride)
        case (.f2, true): winogradInputSIMD8(WinogradF2.self, x, mask: mask, g, samples: samples, tileColumns: columns,
                                             tileRows: rows, into: v, cellStride: cellStride)
        case (.f4, false): winogradInput(WinogradF4.self, x, mask: mask, g, samples: samples, tileColumns: columns,
                                         tileRows: rows, into: v, cellStride: cellStride)
        case (.f4, true): winogradInputSIMD8(WinogradF4.self, x, mask: mask, g, samples: samples, tileColumns: columns,
                                             tileRows: rows, into: v, cellStride: cellStride)
        }
    }

    /// `winogradOutput` with `tile` for the samples `samples`, by the C kernels (the active
    /// `VectorUnit`) or, with `simd8`, by the Swift reference: the tests' entry point. Shapes as
    /// `winogradOutput`: M cell e at `product + e·cellStride`, out `[N, OH, OW, F]` (geometry `g`).
    package static func winogradOutput(tile: WinogradTile, simd8: Bool, _ product: UnsafePointer<Float>, cellStride: Int,
                                       _ g: WindowGeometry, samples: Range<Int>, filters: Int, bias: UnsafePointer<Float>?,
                                       relu: Bool, into out: UnsafeMutablePointer<Float>) {
        winogradOutput(tile: tile, simd8: simd8, product, cellStride: cellStride, g, samples: samples, filters: filters,
                       bias: bias, residual: nil, relu: relu, into: out)
    }

    /// `winogradOutput(tile:simd8:...)` with a residual added before ReLU (the C kernels only:
    /// `simd8` must be false). Shapes: residual as out.
    package static func winogradOutput(tile: WinogradTile, simd8: Bool, _ product: UnsafePointer<Float>, cellStride: Int,
                                       _ g: WindowGeometry, samples: Range<Int>, filters: Int, bias: UnsafePointer<Float>?,
                                       residual: UnsafePointer<Float>?, relu: Bool, into out: UnsafeMutablePointer<Float>) {
        check(!simd8 || residual == nil, "winogradOutput: the SIMD8 reference takes no residual")
        let m = tile.rawValue
        let rows = (g.outputHeight + m - 1) / m, columns = (g.outputWidth + m - 1) / m
        switch (tile, simd8) {
        case (.f2, false): winogradOutput(WinogradF2.self, product, cellStride: cellStride, g, samples: samples,
                                          filters: filters, tileColumns: columns, tileRows: rows, bias: bias,
                                          residual: residual, relu: relu, into: out)
        case (.f2, true): winogradOutputSIMD8(WinogradF2.self, product, cellStride: cellStride, g, samples: samples,
                                              filters: filters, tileColumns: columns, tileRows: rows, bias: bias, relu: relu,
                                              into: out)
        case (.f4, false): winogradOutput(WinogradF4.self, product, cellStride: cellStride, g, samples: samples,
                                          filters: filters, tileColumns: columns, tileRows: rows, bias: bias,
                                          residual: residual, relu: relu, into: out)
        case (.f4, true): winogradOutputSIMD8(WinogradF4.self, product, cellStride: cellStride, g, samples: samples,
                                              filters: filters, tileColumns: columns, tileRows: rows, bias: bias, relu: relu,
                                              into: out)
        }
    }
}
