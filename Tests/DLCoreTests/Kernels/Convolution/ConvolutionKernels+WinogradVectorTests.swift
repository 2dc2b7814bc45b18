import DLCore
import DLTestSupport
import XCTest

/// Winograd's input and output transforms and the output transform's adjoint (dKernel's dM) by the C kernels, every variant this CPU supports (the
/// portable one included), against the Swift path on SIMD8 vectors: bit for bit, since both do the
/// same operations in the same order on each element. Odd shapes: channel and filter counts that
/// are not multiples of 4, 8 or 16, edge tiles, 'same' and 'valid' padding, unaligned buffers,
/// sub-ranges of samples, and padded cells (skew) that neither may write.
final class ConvolutionKernelsWinogradVectorTests: XCTestCase {
    override func tearDown() {
        VectorUnit.force(nil)
        super.tearDown()
    }

    /// (input [N, H, W, C], padding): the resnet (14×14×32) and siamese (12×12×32) layers' shapes among them.
    private let shapes: [([Int], Padding)] = [
        ([1, 1, 1, 3], .same), ([2, 5, 7, 19], .same), ([1, 6, 8, 16], .valid), ([3, 9, 10, 33], .same),
        ([1, 14, 14, 32], .same), ([2, 13, 11, 5], .valid), ([1, 4, 4, 40], .same), ([2, 12, 12, 24], .same),
        ([1, 7, 6, 8], .same), ([1, 8, 9, 17], .same),
    ]

    func testInputTransformMatchesSIMD8BitForBit() {
        var compared = 0
        for (index, (shape, padding)) in shapes.enumerated() {
            let g = WindowGeometry(inputShape: shape, kernel: (3, 3), strides: (1, 1), padding: padding)
            var x = Tensor.randomUniform(shape, min: -1, max: 1, seed: UInt64(index)).scalars
            x[0] = -0.0
            var mask = Tensor.randomUniform(shape, min: -1, max: 1, seed: UInt64(index) + 50).scalars
            mask[mask.count / 2] = .nan
            mask[mask.count - 1] = 0
            for tile in [ConvolutionKernels.WinogradTile.f2, .f4] {
                let m = tile.rawValue, cells = (m + 2) * (m + 2)
                let tilesPerSample = ((g.outputHeight + m - 1) / m) * ((g.outputWidth + m - 1) / m)
                for samples in Set([0..<shape[0], (shape[0] - 1)..<shape[0]]) {
                    let cellStride = samples.count * tilesPerSample * g.channels + 5
                    for masked in [false, true] {
                        let run = { (simd8: Bool) -> [Float] in
                            Self.input(tile: tile, simd8: simd8, x, mask: masked ? mask : nil, g, samples: samples,
                                       count: cells * cellStride, cellStride: cellStride)
                        }
                        let expected = run(true)
                        if !masked {   // something to compare (masks may zero a tiny input)
                            XCTAssertTrue(expected.contains { $0 != Self.sentinel && $0 != 0 }, "\(shape) \(tile)")
                        }
                        for unit in VectorUnit.supported {
                            XCTAssertTrue(VectorUnit.force(unit))
                            XCTAssertEqual(VectorUnit.active, unit)
                            assertSameBits(run(false), expected, "\(unit.name) \(shape) \(padding) \(tile) \(samples) masked=\(masked)")
                            compared += 1
                        }
                    }
                }
            }
        }
        XCTAssertGreaterThanOrEqual(compared, 4 * shapes.count)
    }

    func testOutputTransformMatchesSIMD8BitForBit() {
        var compared = 0
        for (index, (shape, padding)) in shapes.enumerated() {
            let g = WindowGeometry(inputShape: shape, kernel: (3, 3), strides: (1, 1), padding: padding)
            for filters in [shape[3], 1, 9, 17] {
                let bias = Tensor.randomUniform([filters], min: -0.5, max: 0.5, seed: UInt64(index) + 9).scalars
                for tile in [ConvolutionKernels.WinogradTile.f2, .f4] {
                    let m = tile.rawValue, cells = (m + 2) * (m + 2)
                    let tilesPerSample = ((g.outputHeight + m - 1) / m) * ((g.outputWidth + m - 1) / m)
                    let samples = shape[0] > 1 ? 1..<shape[0] : 0..<1
                    let cellStride = samples.count * tilesPerSample * filters + 3
                    var product = Tensor.randomUniform([cells * cellStride], min: -2, max: 2,
                                                       seed: UInt64(index * 10 + filters)).scalars
                    product[1] = .nan   // a NaN stays NaN through ReLU
                    product[2] = -0.0
                    for withBias in [false, true] {
                        for relu in [false, true] {
                            let run = { (simd8: Bool) -> [Float] in
                                Self.output(tile: tile, simd8: simd8, product, cellStride: cellStride, g, samples: samples,
                                            filters: filters, bias: withBias ? bias : nil, relu: relu)
                            }
                            let expected = run(true)
                            if !relu {   // something to compare (ReLU may zero a tiny output)
                                XCTAssertTrue(expected.contains { $0 != Self.sentinel && $0 != 0 }, "\(shape) \(tile)")
                            }
                            for unit in VectorUnit.supported {
                                XCTAssertTrue(VectorUnit.force(unit))
                                assertSameBits(run(false), expected,
                                               "\(unit.name) \(shape) F=\(filters) \(tile) bias=\(withBias) relu=\(relu)")
                                compared += 1
                            }
                        }
                    }
                }
            }
        }
        XCTAssertGreaterThanOrEqual(compared, 32 * shapes.count)
    }

    /// dM = A gY Aᵀ with and without ReLU's mask and the bias sums, against the SIMD8 path.
    func testOutputGradientTransformMatchesSIMD8BitForBit() {
        var compared = 0
        for (index, (shape, padding)) in shapes.enumerated() {
            let g = WindowGeometry(inputShape: shape, kernel: (3, 3), strides: (1, 1), padding: padding)
            for filters in [shape[3], 1, 9, 17] {
                let outputCount = g.batch * g.outputHeight * g.outputWidth * filters
                var grad = Tensor.randomUniform([outputCount], min: -1, max: 1, seed: UInt64(index * 7 + filters)).scalars
                if outputCount > 1 { grad[0] = -0.0 }
                var mask = Tensor.randomUniform([outputCount], min: -1, max: 1, seed: UInt64(index * 7 + filters) + 1).scalars
                mask[outputCount / 2] = .nan
                let start = Tensor.randomUniform([filters], min: -1, max: 1, seed: UInt64(index) + 3).scalars
                for tile in [ConvolutionKernels.WinogradTile.f2, .f4] {
                    let m = tile.rawValue, cells = (m + 2) * (m + 2)
                    let tilesPerSample = ((g.outputHeight + m - 1) / m) * ((g.outputWidth + m - 1) / m)
                    let samples = shape[0] > 1 ? 1..<shape[0] : 0..<1
                    let cellStride = samples.count * tilesPerSample * filters + 3
                    for masked in [false, true] {
                        for sums in [false, true] {
                            let run = { (simd8: Bool) -> [Float] in
                                Self.outputGradient(tile: tile, simd8: simd8, grad, mask: masked ? mask : nil, g,
                                                    samples: samples, filters: filters, count: cells * cellStride,
                                                    cellStride: cellStride, biasSums: sums ? start : nil)
                            }
                            let expected = run(true)
                            if !masked {   // something to compare (the mask may zero a tiny gradient)
                                XCTAssertTrue(expected.contains { $0 != Self.sentinel && $0 != 0 }, "\(shape) \(tile)")
                            }
                            for unit in VectorUnit.supported {
                                XCTAssertTrue(VectorUnit.force(unit))
                                assertSameBits(run(false), expected,
                                               "\(unit.name) \(shape) F=\(filters) \(tile) masked=\(masked) sums=\(sums)")
                                compared += 1
                            }
                        }
                    }
                }
            }
        }
        XCTAssertGreaterThanOrEqual(compared, 32 * shapes.count)
    }

    /// dM written by one path (unaligned, like `input`), followed by the bias sums when asked for.
    private static func outputGradient(tile: ConvolutionKernels.WinogradTile, simd8: Bool, _ grad: [Float], mask: [Float]?,
                                       _ g: WindowGeometry, samples: Range<Int>, filters: Int, count: Int, cellStride: Int,
                                       biasSums: [Float]?) -> [Float] {
        let gs = [0] + grad, masks = mask.map { [0] + $0 }
        var dm = [Float](repeating: sentinel, count: count + 1), sums = [0] + (biasSums ?? [])
        gs.withUnsafeBufferPointer { gp in dm.withUnsafeMutableBufferPointer { dp in sums.withUnsafeMutableBufferPointer { sp in
            let (target, sumsTarget) = (dp.baseAddress! + 1, biasSums == nil ? nil : sp.baseAddress! + 1)
            let run = { (mp: UnsafePointer<Float>?) in
                ConvolutionKernels.winogradOutputGradient(tile: tile, simd8: simd8, gp.baseAddress! + 1, mask: mp, g,
                                                          samples: samples, filters: filters, into: target,
                                                          cellStride: cellStride, biasSums: sumsTarget)
            }
            if let masks { masks.withUnsafeBufferPointer { run($0.baseAddress! + 1) } } else { run(nil) }
        } } }
        return Array(dm.dropFirst()) + Array(sums.dropFirst())
    }

    /// What the kernels must leave alone: cells outside the tiles' (the skew) and the output's.
    private static let sentinel: Float = 12345

    /// V written by one path into a buffer one scalar past an aligned start (so no vector is aligned).
    private static func input(tile: ConvolutionKernels.WinogradTile, simd8: Bool, _ x: [Float], mask: [Float]?,
                              _ g: WindowGeometry, samples: Range<Int>, count: Int, cellStride: Int) -> [Float] {
        let xs = [0] + x, masks = mask.map { [0] + $0 }
        var v = [Float](repeating: sentinel, count: count + 1)
        xs.withUnsafeBufferPointer { xp in v.withUnsafeMutableBufferPointer { vp in
            let target = vp.baseAddress! + 1
            let run = { (mp: UnsafePointer<Float>?) in
                ConvolutionKernels.winogradInput(tile: tile, simd8: simd8, xp.baseAddress! + 1, mask: mp, g, samples: samples,
                                                 into: target, cellStride: cellStride)
            }
            if let masks { masks.withUnsafeBufferPointer { run($0.baseAddress! + 1) } } else { run(nil) }
        } }
        return Array(v.dropFirst())
    }

    /// The output written by one path (unaligned, like `input`), cells not written left at `sentinel`.
    private static func output(tile: ConvolutionKernels.WinogradTile, simd8: Bool, _ product: [Float], cellStride: Int,
                               _ g: WindowGeometry, samples: Range<Int>, filters: Int, bias: [Float]?, relu: Bool) -> [Float] {
        let ps = [0] + product, biases = bias.map { [0] + $0 }
        var out = [Float](repeating: sentinel, count: g.batch * g.outputHeight * g.outputWidth * filters + 1)
        ps.withUnsafeBufferPointer { pp in out.withUnsafeMutableBufferPointer { op in
            let target = op.baseAddress! + 1
            let run = { (bp: UnsafePointer<Float>?) in
                ConvolutionKernels.winogradOutput(tile: tile, simd8: simd8, pp.baseAddress! + 1, cellStride: cellStride, g,
                                                  samples: samples, filters: filters, bias: bp, relu: relu, into: target)
            }
            if let biases { biases.withUnsafeBufferPointer { run($0.baseAddress! + 1) } } else { run(nil) }
        } }
        return Array(out.dropFirst())
    }
}
