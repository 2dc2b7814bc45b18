import DLCore
import DLTestSupport
import XCTest

/// The direct convolution (`Plan.direct`, CKernels' `dl_conv_direct`), every variant this CPU
/// supports (the portable one included), against its naive reference bit for bit: both sum each
/// window in the same order with one fused multiply-add a tap. Odd shapes: filter counts that fill
/// groups of 1 to 4 vectors and leave partial vectors, rows wide enough for every pixel block (and
/// its remainders in blocks of 8, 4, 2 and 1) and windows that never fit inside, strides, non-square kernels, 'same' and 'valid' padding.
final class ConvolutionKernelsDirectTests: XCTestCase {
    override func tearDown() {
        VectorUnit.force(nil)
        super.tearDown()
    }

    /// (input [N, H, W, C], kernel (KH, KW), strides, padding, filters).
    private let shapes: [([Int], (Int, Int), (Int, Int), Padding, Int)] = [
        ([2, 7, 9, 3], (3, 3), (1, 1), .same, 16), ([1, 30, 31, 5], (3, 3), (1, 1), .same, 17),
        ([2, 13, 29, 2], (5, 5), (1, 1), .valid, 33), ([1, 11, 27, 4], (2, 3), (2, 1), .same, 40),
        ([3, 9, 8, 16], (1, 1), (2, 2), .valid, 64), ([1, 6, 26, 3], (3, 3), (1, 2), .same, 72),
        ([1, 4, 4, 2], (5, 5), (1, 1), .same, 24), ([2, 28, 28, 1], (3, 3), (1, 1), .same, 16),
        ([1, 5, 50, 3], (3, 3), (1, 1), .valid, 48), ([2, 8, 8, 3], (3, 3), (1, 1), .same, 5),
        // Rows of 10 and 9 pixels: blocks of 8 + 2 (LeNet-5's second convolution) and 8 + 1.
        ([2, 14, 14, 6], (5, 5), (1, 1), .valid, 16), ([1, 5, 11, 3], (3, 3), (1, 1), .valid, 48),
    ]

    func testEveryVariantMatchesTheReferenceBitForBit() {
        var compared = 0
        for (index, (shape, kernelSize, strides, padding, filters)) in shapes.enumerated() {
            let g = WindowGeometry(inputShape: shape, kernel: kernelSize, strides: strides, padding: padding)
            compared += ConvolutionKernelsRunner.assertEveryVariantMatchesDirectReference(
                shape, g, filters: filters, zeroTail: 3 * shape[2] * shape[3], seed: UInt64(index),
                plan: ConvolutionKernels.Plan(g, filters: filters, direct: true),
                "\(shape) \(kernelSize) \(strides) \(padding) \(filters) filters")
        }
        XCTAssertGreaterThanOrEqual(compared, 3 * shapes.count)
    }

    /// Within rounding of the im2col path and of the naive reference in its own order.
    func testAgreesWithTheOtherStrategies() {
        let g = WindowGeometry(inputShape: [3, 12, 11, 8], kernel: (3, 3), strides: (2, 1), padding: .same)
        let x = Tensor.randomUniform([3, 12, 11, 8], min: -1, max: 1, seed: 1).scalars
        let kernel = Tensor.randomUniform([g.patchSize * 32], min: -1, max: 1, seed: 2).scalars
        let bias = Tensor.randomUniform([32], min: -0.5, max: 0.5, seed: 3).scalars
        let direct = ConvolutionKernelsRunner.forward(x, kernel: kernel, bias: bias, g, filters: 32, relu: true,
                                                      plan: ConvolutionKernels.Plan(g, filters: 32, direct: true))
        let rows = ConvolutionKernelsRunner.forward(x, kernel: kernel, bias: bias, g, filters: 32, relu: true,
                                                    plan: ConvolutionKernels.Plan(g, filters: 32, transposed: false))
        let naive = ConvolutionKernels.referenceForward(x, kernel: kernel, bias: bias, g, filters: 32, relu: true)
        for i in 0..<direct.count {
            XCTAssertEqual(direct[i], rows[i], accuracy: 1e-5, "at \(i)")
            XCTAssertEqual(direct[i], naive[i], accuracy: 1e-5, "at \(i)")
        }
    }

    /// An infinite kernel weight times a padding zero is NaN in Keras and in the other strategies;
    /// the direct sum leaves the padding out, so such a kernel takes the plan's other strategy.
    func testNonFiniteKernelTakesTheOtherStrategy() {
        let g = WindowGeometry(inputShape: [2, 6, 7, 3], kernel: (3, 3), strides: (1, 1), padding: .same)
        let x = Tensor.randomUniform([2, 6, 7, 3], min: -1, max: 1, seed: 4).scalars
        var kernel = Tensor.randomUniform([g.patchSize * 16], min: -1, max: 1, seed: 5).scalars
        kernel[0] = .infinity
        let direct = ConvolutionKernelsRunner.forward(x, kernel: kernel, bias: nil, g, filters: 16, relu: false,
                                                      plan: ConvolutionKernels.Plan(g, filters: 16, direct: true))
        let other = ConvolutionKernelsRunner.forward(x, kernel: kernel, bias: nil, g, filters: 16, relu: false,
                                                     plan: ConvolutionKernels.Plan(g, filters: 16, direct: false))
        XCTAssertTrue(direct[0].isNaN, "the corner window's padding tap times +∞")
        assertSameBits(direct, other, "non-finite kernel")
    }

    /// The direct convolution is picked only with AVX-512 and at least 16 filters (single-channel
    /// inputs included), where Winograd does not run, and when no other strategy is asked for by name.
    func testPlanPicksTheDirectConvolution() {
        let strided = WindowGeometry(inputShape: [8, 28, 28, 16], kernel: (3, 3), strides: (2, 2), padding: .same)
        let winograd = WindowGeometry(inputShape: [8, 14, 14, 32], kernel: (3, 3), strides: (1, 1), padding: .same)
        let avx512 = VectorUnit.active == .avx512
        XCTAssertEqual(ConvolutionKernels.Plan(strided, filters: 32).direct, avx512)
        XCTAssertFalse(ConvolutionKernels.Plan(strided, filters: 6).direct, "too few filters")
        let stem = WindowGeometry(inputShape: [8, 28, 28, 1], kernel: (5, 5), strides: (1, 1), padding: .valid)
        XCTAssertEqual(ConvolutionKernels.Plan(stem, filters: 32).direct, avx512, "one channel")
        XCTAssertFalse(ConvolutionKernels.Plan(winograd, filters: 32).direct, "Winograd")
        XCTAssertFalse(ConvolutionKernels.Plan(strided, filters: 32, transposed: false).direct, "a named strategy")
        XCTAssertTrue(ConvolutionKernels.Plan(winograd, filters: 32, direct: true).direct, "asked for")
        if VectorUnit.supported.contains(.avx2) {
            XCTAssertTrue(VectorUnit.force(.avx2))
            XCTAssertFalse(ConvolutionKernels.Plan(strided, filters: 32).direct, "AVX2 keeps im2col")
        }
    }

    /// `directProduct` (`dl_gemm_direct`, Winograd's products with AVX-512), every variant, a plain
    /// or transposed, replacing or accumulating, against the reference of a 1×1 convolution over a
    /// one-row image (plus what the output held), bit for bit.
    func testDirectProductMatchesTheReferenceBitForBit() {
        var compared = 0
        for (index, (rows, inner, columns)) in [(147, 16, 16), (13, 17, 19), (1, 5, 33), (200, 64, 64), (7, 32, 72), (30, 3, 4)].enumerated() {
            let a = Tensor.randomUniform([rows * inner], min: -1, max: 1, seed: UInt64(index)).scalars
            let b = Tensor.randomUniform([inner * columns], min: -1, max: 1, seed: UInt64(index) + 9).scalars
            let start = Tensor.randomUniform([rows * columns], min: -1, max: 1, seed: UInt64(index) + 18).scalars
            // a stored as its transpose [inner, rows].
            let aT = (0..<(inner * rows)).map { a[($0 % rows) * inner + $0 / rows] }
            let g = WindowGeometry(inputShape: [1, 1, rows, inner], kernel: (1, 1), strides: (1, 1), padding: .valid)
            let product = ConvolutionKernels.referenceDirectForward(a, kernel: b, bias: nil, g, filters: columns, relu: false)
            for unit in VectorUnit.supported {
                XCTAssertTrue(VectorUnit.force(unit))
                for (transposed, accumulate) in [(false, false), (true, false), (true, true), (false, true)] {
                    // One spare cell each side, which the product must leave alone.
                    var out = [Float.nan] + (accumulate ? start : [Float](repeating: .nan, count: rows * columns)) + [.nan]
                    (transposed ? aT : a).withUnsafeBufferPointer { ap in b.withUnsafeBufferPointer { bp in
                        out.withUnsafeMutableBufferPointer { op in
                            ConvolutionKernels.directProduct(ap.baseAddress!, transposeA: transposed, bp.baseAddress!,
                                                             into: op.baseAddress! + 1, rows: rows, inner: inner, columns: columns,
                                                             accumulate: accumulate)
                        }
                    } }
                    let what = "\(unit.name) [\(rows), \(inner)] · [\(inner), \(columns)] transposed=\(transposed) accumulate=\(accumulate)"
                    XCTAssertTrue(out.first!.isNaN && out.last!.isNaN, "\(what): wrote outside the output")
                    let expected = accumulate ? zip(start, product).map { $0 + $1 } : product
                    assertSameBits(Array(out[1...(rows * columns)]), expected, what)
                    compared += 1
                }
            }
        }
        XCTAssertGreaterThanOrEqual(compared, 24)
    }
}
