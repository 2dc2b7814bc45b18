import DLCore
import DLTestSupport
import XCTest

/// The direct kernel gradient (`Plan.directKernelGradient`, CKernels' `dl_conv_kernel_gradient`),
/// every variant this CPU supports (the portable one included), against its naive reference bit
/// for bit (both sum each sample's pixels in order with one fused multiply-add a term), and within
/// rounding of the plain reference through `backward`. Odd shapes: filter counts that fill one or
/// two vectors and leave partial ones (1, 6, 17, 33, 40), patches split into several groups of rows
/// (5×5×6 = 150, 7×7), 'same' padding, strides, windows reaching past the input's far edge.
final class ConvolutionKernelsKernelGradientTests: XCTestCase {
    override func tearDown() {
        VectorUnit.force(nil)
        super.tearDown()
    }

    /// (input [N, H, W, C], kernel (KH, KW), strides, padding, filters).
    private let shapes: [([Int], (Int, Int), (Int, Int), Padding, Int)] = [
        ([3, 28, 28, 1], (5, 5), (1, 1), .same, 6), ([2, 24, 20, 1], (5, 5), (1, 1), .valid, 32),
        ([3, 14, 14, 6], (5, 5), (1, 1), .valid, 16), ([2, 9, 11, 1], (3, 3), (1, 1), .same, 33),
        ([1, 13, 12, 2], (7, 7), (2, 2), .same, 17), ([2, 8, 9, 3], (2, 3), (2, 1), .valid, 40),
        ([1, 5, 6, 1], (3, 3), (1, 1), .same, 1), ([2, 7, 7, 16], (1, 1), (2, 2), .valid, 32),
    ]

    func testEveryVariantMatchesTheReferenceBitForBit() {
        var compared = 0
        for (index, (shape, kernelSize, strides, padding, filters)) in shapes.enumerated() {
            let g = WindowGeometry(inputShape: shape, kernel: kernelSize, strides: strides, padding: padding)
            var x = Tensor.randomUniform(shape, min: -1, max: 1, seed: UInt64(index)).scalars
            x[0] = -0.0
            let grad = Tensor.randomUniform([g.outputPositions * filters], min: -1, max: 1, seed: UInt64(index) + 20).scalars
            let output = Tensor.randomUniform([g.outputPositions * filters], min: -1, max: 1, seed: UInt64(index) + 40).scalars
            let plan = ConvolutionKernels.Plan(g, filters: filters, directKernelGradient: true)
            for relu in [true, false] {
                let expected = ConvolutionKernels.referenceDirectKernelGradient(grad, output: output, relu: relu, x: x, g,
                                                                                filters: filters)
                XCTAssertTrue(expected.dKernel.contains { $0 != 0 }, "\(shape): something to compare")
                for unit in VectorUnit.supported {
                    XCTAssertTrue(VectorUnit.force(unit))
                    let context = "\(unit.name) \(shape) \(kernelSize) \(strides) \(padding) \(filters) filters relu=\(relu)"
                    let (_, dKernel, dBias) = ConvolutionKernelsRunner.backward(
                        grad, output: output, relu: relu, x: x, kernel: [Float](repeating: 0, count: g.patchSize * filters),
                        g, filters: filters, inputGradient: false, plan: plan)
                    assertSameBits(dKernel, expected.dKernel, "dKernel " + context)
                    assertSameBits(dBias, expected.dBias, "dBias " + context)
                    compared += 1
                }
            }
        }
        XCTAssertGreaterThanOrEqual(compared, 2 * shapes.count)
    }

    /// Through `backward` with dx asked for too (dx by the plan's other strategy), and with dKernel
    /// only: within rounding of the plain reference.
    func testBackwardAgreesWithTheReference() {
        for (index, (shape, kernelSize, strides, padding, filters)) in shapes.enumerated() {
            let g = WindowGeometry(inputShape: shape, kernel: kernelSize, strides: strides, padding: padding)
            let x = Tensor.randomUniform(shape, min: -1, max: 1, seed: UInt64(index) + 60).scalars
            let kernel = Tensor.randomUniform([g.patchSize * filters], min: -1, max: 1, seed: UInt64(index) + 80).scalars
            let grad = Tensor.randomUniform([g.outputPositions * filters], min: -1, max: 1, seed: UInt64(index) + 100).scalars
            let output = ConvolutionKernels.referenceForward(x, kernel: kernel, bias: nil, g, filters: filters, relu: true)
            let reference = ConvolutionKernels.referenceBackward(grad, output: output, relu: true, x: x, kernel: kernel, g,
                                                                 filters: filters)
            let plan = ConvolutionKernels.Plan(g, filters: filters, directKernelGradient: true)
            XCTAssertTrue(plan.directKernelGradient)
            func scale(_ v: [Float]) -> Float { Swift.max(v.map(Swift.abs).max() ?? 0, 1) }
            for inputGradient in [true, false] {
                let (dx, dKernel, dBias) = ConvolutionKernelsRunner.backward(
                    grad, output: output, relu: true, x: x, kernel: kernel, g, filters: filters, inputGradient: inputGradient,
                    plan: plan)
                let context = "\(shape) \(kernelSize) \(strides) \(padding) \(filters) filters dx=\(inputGradient)"
                if inputGradient { assertScalarsClose(dx, reference.dx, accuracy: 1e-4 * scale(reference.dx), "dx " + context) }
                assertScalarsClose(dKernel, reference.dKernel, accuracy: 1e-4 * scale(reference.dKernel), "dKernel " + context)
                assertScalarsClose(dBias, reference.dBias, accuracy: 1e-4 * scale(reference.dBias), "dBias " + context)
            }
        }
    }

    /// An infinite gradient reaches dKernel as NaN through the zero cells of the padding, as
    /// im2col's product (and Keras's) gives it: 0 · ∞.
    func testPaddingTimesAnInfiniteGradientIsNaN() {
        let g = WindowGeometry(inputShape: [1, 4, 4, 1], kernel: (3, 3), strides: (1, 1), padding: .same)
        let x = [Float](repeating: 1, count: 16)
        var grad = [Float](repeating: 0, count: 16)
        grad[0] = .infinity
        let plan = ConvolutionKernels.Plan(g, filters: 1, directKernelGradient: true)
        let (_, dKernel, _) = ConvolutionKernelsRunner.backward(grad, output: grad, relu: false, x: x, kernel: [Float](repeating: 0, count: 9),
                                                                g, filters: 1, inputGradient: false, plan: plan)
        XCTAssertTrue(dKernel[0].isNaN, "the cell above-left of pixel (0, 0) is padding")
        XCTAssertEqual(dKernel[8], .infinity)
    }

    /// The plan takes it on CPUs with AVX-512 for every convolution Winograd does not take, with
    /// AVX2 for patches up to 160 scalars; not with the portable kernels, nor when another strategy
    /// is asked for by name.
    func testPlanPicksItWhereItWasMeasuredFaster() {
        let stem = WindowGeometry(inputShape: [128, 28, 28, 1], kernel: (5, 5), strides: (1, 1), padding: .same)
        let strided = WindowGeometry(inputShape: [128, 28, 28, 32], kernel: (3, 3), strides: (2, 2), padding: .same)
        let winograd = WindowGeometry(inputShape: [128, 14, 14, 32], kernel: (3, 3), strides: (1, 1), padding: .same)
        XCTAssertEqual(ConvolutionKernels.Plan(stem, filters: 32).directKernelGradient, VectorUnit.active != .portable)
        XCTAssertEqual(ConvolutionKernels.Plan(strided, filters: 64).directKernelGradient, VectorUnit.active == .avx512)
        XCTAssertFalse(ConvolutionKernels.Plan(winograd, filters: 64).directKernelGradient)
        XCTAssertFalse(ConvolutionKernels.Plan(stem, filters: 32, transposed: false).directKernelGradient)
        if VectorUnit.supported.contains(.avx2) {
            XCTAssertTrue(VectorUnit.force(.avx2))
            XCTAssertTrue(ConvolutionKernels.Plan(stem, filters: 32).directKernelGradient)
            XCTAssertFalse(ConvolutionKernels.Plan(strided, filters: 64).directKernelGradient)
        }
        XCTAssertTrue(VectorUnit.force(.portable))
        XCTAssertFalse(ConvolutionKernels.Plan(stem, filters: 32).directKernelGradient)
    }
}
