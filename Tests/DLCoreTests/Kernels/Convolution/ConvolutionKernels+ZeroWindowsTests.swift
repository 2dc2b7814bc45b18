import DLCore
import DLTestSupport
import XCTest

/// Winograd's forward pass gives exactly `act(bias)` where an output's window holds only zeros
/// (`restoreZeroWindows`), as the direct convolution does, and is unchanged elsewhere.
final class ConvolutionKernelsZeroWindowsTests: XCTestCase {
    /// Images that are zero but for a block of random values (an MNIST-like background): with a
    /// zero bias, every output whose window misses the block is exactly 0, so ReLU's derivative is
    /// 0 there as in the reference; with a bias, exactly act(bias). Without the fix, F(4×4) left
    /// residues of ±1e-8 to 1e-6 beside the block (half of them positive, passed by ReLU).
    func testAllZeroWindowsGiveExactlyTheBias() {
        // (input [N, H, W, C], padding, filters, block rows, block columns)
        let cases: [([Int], Padding, Int, Range<Int>, Range<Int>)] = [
            ([3, 14, 14, 32], .same, 32, 4..<9, 5..<11),
            ([2, 12, 13, 17], .valid, 19, 2..<6, 3..<12),
            ([2, 9, 9, 16], .same, 16, 0..<9, 0..<9),   // no zero window
            ([2, 7, 7, 16], .same, 24, 0..<0, 0..<0),   // all zero
        ]
        var zeroWindows = 0
        for (index, (shape, padding, filters, rows, cols)) in cases.enumerated() {
            let g = WindowGeometry(inputShape: shape, kernel: (3, 3), strides: (1, 1), padding: padding)
            let seed = UInt64(index)
            var x = Tensor.randomUniform(shape, min: -1, max: 1, seed: seed).scalars
            for n in 0..<shape[0] { for h in 0..<shape[1] { for w in 0..<shape[2] where !(rows.contains(h) && cols.contains(w)) {
                for c in 0..<shape[3] { x[((n * shape[1] + h) * shape[2] + w) * shape[3] + c] = 0 }
            } } }
            let kernel = Tensor.randomUniform([g.patchSize * filters], min: -1, max: 1, seed: seed + 100).scalars
            let bias = Tensor.randomUniform([filters], min: -0.5, max: 0.5, seed: seed + 200).scalars
            for relu in [false, true] {
                for withBias in [false, true] {
                    let expected = ConvolutionKernels.referenceForward(x, kernel: kernel, bias: withBias ? bias : nil, g,
                                                                       filters: filters, relu: relu)
                    for tile in [ConvolutionKernels.WinogradTile.f2, .f4] {
                        let plan = ConvolutionKernels.Plan(g, filters: filters, winograd: true, winogradTile: tile)
                        let out = ConvolutionKernelsRunner.forward(x, kernel: kernel, bias: withBias ? bias : nil, g,
                                                                   filters: filters, relu: relu, plan: plan)
                        let context = "\(shape) \(padding) relu=\(relu) bias=\(withBias) \(tile)"
                        assertScalarsClose(out, expected, accuracy: 1e-4 * Swift.max(expected.map(Swift.abs).max() ?? 0, 1), context)
                        for oh in 0..<g.outputHeight {
                            for ow in 0..<g.outputWidth where Self.windowMisses(rows, cols, oh, ow, g) {
                                for n in 0..<shape[0] {
                                    let at = ((n * g.outputHeight + oh) * g.outputWidth + ow) * filters
                                    for f in 0..<filters {
                                        let b = withBias ? bias[f] : 0, value = relu ? Swift.max(b, 0) : b
                                        XCTAssertEqual(expected[at + f], value, "the reference, \(context)")
                                        XCTAssertEqual(out[at + f], value, "\(context) at n=\(n) (\(oh), \(ow)) f=\(f)")
                                        zeroWindows += 1
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        XCTAssertGreaterThan(zeroWindows, 10_000)
    }

    /// −0 counts as zero (a pixel of −0s leaves its windows all-zero: exactly the bias) and NaN does
    /// not (a window holding it is not rewritten and stays NaN, as the direct sum gives it); in
    /// every variant of the pixel test (`dl_nonzero_pixels`), channels a whole vector or not.
    func testNegativeZeroIsZeroAndNaNIsNot() {
        defer { VectorUnit.force(nil) }
        for (channels, unit) in [16, 21, 5].flatMap({ c in VectorUnit.supported.map { (c, $0) } }) {
            XCTAssertTrue(VectorUnit.force(unit))
            let g = WindowGeometry(inputShape: [1, 10, 10, channels], kernel: (3, 3), strides: (1, 1), padding: .same)
            var x = [Float](repeating: 0, count: g.sampleSize)
            for c in 0..<channels { x[(5 * 10 + 5) * channels + c] = -0.0 }   // pixel (5, 5): all −0, in the NaN's Winograd tile
            x[(7 * 10 + 7) * channels + channels - 1] = .nan                   // pixel (7, 7): its last channel NaN
            let kernel = Tensor.randomUniform([g.patchSize * 16], min: -1, max: 1, seed: 7).scalars
            let bias = Tensor.randomUniform([16], min: -0.5, max: 0.5, seed: 8).scalars
            let plan = ConvolutionKernels.Plan(g, filters: 16, winograd: true)
            let out = ConvolutionKernelsRunner.forward(x, kernel: kernel, bias: bias, g, filters: 16, relu: false, plan: plan)
            for oh in 0..<10 {
                for ow in 0..<10 {
                    let touchesNaN = abs(oh - 7) <= 1 && abs(ow - 7) <= 1
                    for f in 0..<16 {
                        let value = out[(oh * 10 + ow) * 16 + f], label = "\(unit.name) C=\(channels) (\(oh), \(ow)) f=\(f)"
                        if touchesNaN {
                            XCTAssertTrue(value.isNaN, "\(label) touches the NaN pixel")
                        } else {
                            XCTAssertEqual(value, bias[f], "\(label): an all-zero window (−0 included)")
                        }
                    }
                }
            }
        }
    }

    /// A kernel with ∞ keeps Winograd's output (the direct sum gives 0·∞ = NaN there): no window is rewritten.
    func testNonFiniteKernelIsLeftToTheTransform() {
        let g = WindowGeometry(inputShape: [1, 6, 6, 16], kernel: (3, 3), strides: (1, 1), padding: .same)
        let x = [Float](repeating: 0, count: g.sampleSize)
        var kernel = [Float](repeating: 0.5, count: g.patchSize * 16)
        kernel[3] = .infinity
        let plan = ConvolutionKernels.Plan(g, filters: 16, winograd: true)
        let out = ConvolutionKernelsRunner.forward(x, kernel: kernel, bias: [Float](repeating: 1, count: 16), g,
                                                   filters: 16, relu: false, plan: plan)
        XCTAssertTrue(out.contains { $0.isNaN }, "0·∞ reaches the output as NaN")
    }

    /// Whether output (oh, ow)'s window lies wholly outside the block `rows × cols`.
    static func windowMisses(_ rows: Range<Int>, _ cols: Range<Int>, _ oh: Int, _ ow: Int, _ g: WindowGeometry) -> Bool {
        let top = oh - g.padTop, left = ow - g.padLeft
        return rows.clamped(to: top..<(top + 3)).isEmpty || cols.clamped(to: left..<(left + 3)).isEmpty
    }
}
