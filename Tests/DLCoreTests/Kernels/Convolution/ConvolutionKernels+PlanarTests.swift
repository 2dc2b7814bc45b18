import DLCore
import DLTestSupport
import XCTest

/// The one-channel convolution (`Plan.planar`, CKernels' `dl_conv_planar`), every variant this CPU
/// supports (the portable one included), against the direct convolution's naive reference bit for
/// bit: the zero border it reads adds 0 · w to sums that are never −0. Odd shapes: filter counts
/// from 1 to 15 (groups of filters and their remainders), rows narrower and wider than a block of
/// pixels, non-square kernels, 'same' and 'valid' padding, an image smaller than its window.
final class ConvolutionKernelsPlanarTests: XCTestCase {
    override func tearDown() {
        VectorUnit.force(nil)
        super.tearDown()
    }

    /// (input [N, H, W, 1], kernel (KH, KW), padding, filters).
    private let shapes: [([Int], (Int, Int), Padding, Int)] = [
        ([3, 28, 28, 1], (5, 5), .same, 6), ([2, 28, 28, 1], (5, 5), .valid, 6), ([1, 7, 9, 1], (3, 3), .same, 1),
        ([2, 13, 37, 1], (3, 4), .same, 15), ([1, 5, 70, 1], (2, 5), .valid, 9), ([2, 3, 3, 1], (5, 5), .same, 8),
        ([1, 16, 33, 1], (1, 1), .valid, 7), ([4, 11, 17, 1], (4, 2), .same, 14),
    ]

    func testEveryVariantMatchesTheDirectReferenceBitForBit() {
        var compared = 0
        for (index, (shape, kernelSize, padding, filters)) in shapes.enumerated() {
            let g = WindowGeometry(inputShape: shape, kernel: kernelSize, strides: (1, 1), padding: padding)
            let plan = ConvolutionKernels.Plan(g, filters: filters, planar: true)
            XCTAssertTrue(plan.planar)
            compared += ConvolutionKernelsRunner.assertEveryVariantMatchesDirectReference(
                shape, g, filters: filters, zeroTail: 3 * shape[2], seed: UInt64(index), plan: plan,
                "\(shape) \(kernelSize) \(padding) \(filters) filters")
        }
        XCTAssertGreaterThanOrEqual(compared, 3 * shapes.count)
    }

    /// Within rounding of the shifted-rows GEMM it replaces, fused with a max pooling as LeNet-5 runs it.
    func testAgreesWithShiftedRowsUnderMaxPooling() {
        let g = WindowGeometry(inputShape: [5, 28, 28, 1], kernel: (5, 5), strides: (1, 1), padding: .same)
        let pool = WindowGeometry(inputShape: [5, 28, 28, 6], kernel: (2, 2), strides: (2, 2), padding: .valid)
        let x = Tensor.randomUniform([5, 28, 28, 1], min: 0, max: 1, seed: 7).scalars
        let kernel = Tensor.randomUniform([g.patchSize * 6], min: -0.3, max: 0.3, seed: 8).scalars
        let bias = Tensor.randomUniform([6], min: -0.1, max: 0.1, seed: 9).scalars
        func pooled(_ plan: ConvolutionKernels.Plan) -> [Float] {
            var out = [Float](repeating: .nan, count: pool.outputPositions * 6)
            x.withUnsafeBufferPointer { xp in kernel.withUnsafeBufferPointer { kp in bias.withUnsafeBufferPointer { bp in
                out.withUnsafeMutableBufferPointer { op in
                    ConvolutionKernels.forwardMaxPooled(xp, kernel: kp, bias: bp, g, filters: 6, relu: true, pool: pool,
                                                        into: op, winners: nil, plan: plan)
                }
            } } }
            return out
        }
        let planar = pooled(ConvolutionKernels.Plan(g, filters: 6, planar: true))
        let shifted = pooled(ConvolutionKernels.Plan(g, filters: 6, shiftedRows: true))
        XCTAssertTrue(planar.contains { $0 > 0 })
        for i in 0..<planar.count { XCTAssertEqual(planar[i], shifted[i], accuracy: 1e-5, "at \(i)") }
    }

    /// A non-finite weight takes the plan's other strategy (its products with the border's zeros are NaN there, as in Keras).
    func testNonFiniteKernelTakesTheOtherStrategy() {
        let g = WindowGeometry(inputShape: [2, 6, 7, 1], kernel: (3, 3), strides: (1, 1), padding: .same)
        let x = Tensor.randomUniform([2, 6, 7, 1], min: -1, max: 1, seed: 4).scalars
        var kernel = Tensor.randomUniform([g.patchSize * 4], min: -1, max: 1, seed: 5).scalars
        kernel[0] = .infinity
        let planar = ConvolutionKernelsRunner.forward(x, kernel: kernel, bias: nil, g, filters: 4, relu: false,
                                                      plan: ConvolutionKernels.Plan(g, filters: 4, planar: true))
        let other = ConvolutionKernelsRunner.forward(x, kernel: kernel, bias: nil, g, filters: 4, relu: false,
                                                     plan: ConvolutionKernels.Plan(g, filters: 4, planar: false))
        XCTAssertTrue(planar[0].isNaN, "the corner window's padding tap times +∞")
        assertSameBits(planar, other, "non-finite kernel")
    }

    /// Picked for one channel, strides of 1 and fewer than 16 filters with AVX2 or AVX-512, not
    /// when another strategy is named, and never where it cannot run.
    func testPlanPicksThePlanarConvolution() {
        let stem = WindowGeometry(inputShape: [8, 28, 28, 1], kernel: (5, 5), strides: (1, 1), padding: .same)
        let vectors = VectorUnit.active != .portable
        XCTAssertEqual(ConvolutionKernels.Plan(stem, filters: 6).planar, vectors)
        XCTAssertFalse(ConvolutionKernels.Plan(stem, filters: 16).planar, "enough filters for their lanes")
        XCTAssertFalse(ConvolutionKernels.Plan(stem, filters: 6, shiftedRows: true).planar, "a named strategy")
        let strided = WindowGeometry(inputShape: [8, 28, 28, 1], kernel: (3, 3), strides: (2, 2), padding: .same)
        XCTAssertFalse(ConvolutionKernels.Plan(strided, filters: 6, planar: true).planar, "strides")
        let channels = WindowGeometry(inputShape: [8, 28, 28, 3], kernel: (3, 3), strides: (1, 1), padding: .same)
        XCTAssertFalse(ConvolutionKernels.Plan(channels, filters: 6, planar: true).planar, "three channels")
        XCTAssertTrue(VectorUnit.force(.portable))
        XCTAssertFalse(ConvolutionKernels.Plan(stem, filters: 6).planar, "the portable variant keeps shifted rows")
    }
}
