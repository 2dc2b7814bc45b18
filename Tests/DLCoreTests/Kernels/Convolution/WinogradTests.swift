import DLCore
import DLTestSupport
import XCTest

/// The Winograd forward pass (both variants) against the naive reference, and the plan's choice.
final class WinogradTests: XCTestCase {
    /// Odd shapes: batch 1 and 3, inputs from 1×1 to 28×28, channels and filters that are not
    /// multiples of 8, 'same' and 'valid' padding, with and without bias and ReLU, chunks of one
    /// sample up to the batch (partial last chunks).
    ///
    /// Tolerance: Winograd sums the same products in another order, through transforms with
    /// coefficients up to 8 (F(4×4)) and 1/24 (its kernel transform), so float32 rounding differs
    /// from the direct sum by a few ulps of the largest intermediate (|d| ≤ 1, 9·C terms, transform
    /// gains ≤ ~100): about 1e-5 to 1e-4 of outputs of order 1 to 10. An error in a transform
    /// coefficient or a misplaced tile moves outputs by order 0.1 or more.
    func testMatchesReferenceOnOddShapes() {
        // (input [N, H, W, C], padding, filters)
        let cases: [([Int], Padding, Int)] = [
            ([1, 1, 1, 17], .same, 19),
            ([3, 2, 3, 17], .same, 16),
            ([3, 5, 7, 19], .same, 33),
            ([1, 5, 7, 19], .valid, 17),
            ([3, 6, 8, 16], .valid, 24),
            ([3, 9, 10, 8], .same, 9),
            ([3, 28, 28, 33], .same, 19),
            ([1, 3, 3, 5], .valid, 3),
        ]
        var checked = 0
        for (index, (shape, padding, filters)) in cases.enumerated() {
            let g = WindowGeometry(inputShape: shape, kernel: (3, 3), strides: (1, 1), padding: padding)
            let seed = UInt64(index)
            let x = Tensor.randomUniform(shape, min: -1, max: 1, seed: seed).scalars
            let kernel = Tensor.randomUniform([g.patchSize * filters], min: -1, max: 1, seed: seed + 100).scalars
            let bias = Tensor.randomUniform([filters], min: -0.5, max: 0.5, seed: seed + 200).scalars
            for relu in [false, true] {
                for withBias in [false, true] {
                    let expected = ConvolutionKernels.referenceForward(x, kernel: kernel, bias: withBias ? bias : nil, g,
                                                                       filters: filters, relu: relu)
                    let scale = Swift.max(expected.map(Swift.abs).max() ?? 0, 1)
                    for tile in [ConvolutionKernels.WinogradTile.f2, .f4] {
                        for samples in Set([1, 2, shape[0]]) {
                            let plan = ConvolutionKernels.Plan(g, filters: filters, samplesPerChunk: samples, winograd: true,
                                                               winogradTile: tile)
                            XCTAssertTrue(plan.winograd)
                            let out = ConvolutionKernelsRunner.forward(x, kernel: kernel, bias: withBias ? bias : nil, g,
                                                                       filters: filters, relu: relu, plan: plan)
                            assertScalarsClose(out, expected, accuracy: 1e-4 * scale,
                                               "\(shape) \(padding) F=\(filters) relu=\(relu) bias=\(withBias) \(tile) chunk=\(samples)")
                            checked += 1
                        }
                    }
                }
            }
        }
        XCTAssertGreaterThan(checked, 80)
    }

    /// The backward pass of plans with Winograd against the reference: dx by Winograd (the kernel
    /// turned by 180°, ReLU's mask applied in the input transform; the gradient padded by one cell on
    /// each side for 'same', two for 'valid', down to a 3×3 input with a 1×1 output); dKernel by Winograd (the adjoint transforms, ReLU's mask applied to the output
    /// gradient's tiles, partial tiles at the edges) and dBias summed in the same pass over the
    /// output gradient; with and without dKernel and dBias asked for.
    func testBackwardMatchesReference() {
        // (input [N, H, W, C], padding, filters)
        let cases: [([Int], Padding, Int)] = [
            ([1, 1, 1, 17], .same, 19),
            ([3, 5, 7, 19], .same, 33),
            ([3, 2, 3, 16], .same, 17),
            ([2, 6, 9, 17], .valid, 18),
            ([2, 28, 28, 33], .same, 19),
            ([3, 12, 12, 32], .valid, 64),
            ([2, 3, 3, 16], .valid, 17),
        ]
        var checked = 0
        for (index, (shape, padding, filters)) in cases.enumerated() {
            let g = WindowGeometry(inputShape: shape, kernel: (3, 3), strides: (1, 1), padding: padding)
            let seed = UInt64(index + 10)
            let x = Tensor.randomUniform(shape, min: -1, max: 1, seed: seed).scalars
            let kernel = Tensor.randomUniform([g.patchSize * filters], min: -1, max: 1, seed: seed + 100).scalars
            let bias = Tensor.randomUniform([filters], min: -0.5, max: 0.5, seed: seed + 200).scalars
            let grad = Tensor.randomUniform([g.outputPositions * filters], min: -1, max: 1, seed: seed + 300).scalars
            for relu in [false, true] {
                let output = ConvolutionKernels.referenceForward(x, kernel: kernel, bias: bias, g, filters: filters, relu: relu)
                let reference = ConvolutionKernels.referenceBackward(grad, output: output, relu: relu, x: x, kernel: kernel, g,
                                                                     filters: filters)
                func scale(_ v: [Float]) -> Float { Swift.max(v.map(Swift.abs).max() ?? 0, 1) }
                for tile in [ConvolutionKernels.WinogradTile.f2, .f4] {
                    for (samples, weights) in [(1, true), (2, true), (shape[0], false)] {
                        let plan = ConvolutionKernels.Plan(g, filters: filters, samplesPerChunk: samples, winograd: true,
                                                           winogradTile: tile)
                        let context = "\(shape) \(padding) F=\(filters) relu=\(relu) \(tile) chunk=\(samples) weights=\(weights)"
                        let (dx, dKernel, dBias) = ConvolutionKernelsRunner.backward(
                            grad, output: output, relu: relu, x: x, kernel: kernel, g, filters: filters,
                            weightGradients: weights, plan: plan)
                        assertScalarsClose(dx, reference.dx, accuracy: 1e-4 * scale(reference.dx), "dx " + context)
                        if weights {
                            assertScalarsClose(dKernel, reference.dKernel, accuracy: 1e-4 * scale(reference.dKernel), "dKernel " + context)
                            assertScalarsClose(dBias, reference.dBias, accuracy: 1e-4 * scale(reference.dBias), "dBias " + context)
                        }
                        checked += 1
                    }
                }
            }
        }
        XCTAssertEqual(checked, 84)
    }

    /// The plan picks Winograd for the VGG workload's 3×3 convolutions with 32 or 64 channels, and
    /// keeps im2col for one channel, few filters, other windows and strides, even when asked.
    func testPlanPicksWinogradWhereItApplies() {
        func plan(_ shape: [Int], _ kernel: (Int, Int), _ strides: (Int, Int), _ filters: Int,
                  winograd: Bool? = nil) -> ConvolutionKernels.Plan {
            let g = WindowGeometry(inputShape: shape, kernel: kernel, strides: strides, padding: .same)
            return ConvolutionKernels.Plan(g, filters: filters, winograd: winograd)
        }
        XCTAssertTrue(plan([128, 28, 28, 32], (3, 3), (1, 1), 32).winograd)
        XCTAssertTrue(plan([256, 14, 14, 32], (3, 3), (1, 1), 64).winograd)
        XCTAssertTrue(plan([256, 14, 14, 64], (3, 3), (1, 1), 64).winograd)
        XCTAssertFalse(plan([128, 28, 28, 1], (3, 3), (1, 1), 32).winograd)
        XCTAssertFalse(plan([128, 28, 28, 32], (3, 3), (1, 1), 6).winograd)
        XCTAssertFalse(plan([128, 28, 28, 32], (5, 5), (1, 1), 32).winograd)
        XCTAssertFalse(plan([128, 28, 28, 32], (3, 3), (2, 2), 32).winograd)
        XCTAssertFalse(plan([128, 28, 28, 32], (5, 5), (1, 1), 32, winograd: true).winograd)
        XCTAssertFalse(plan([128, 28, 28, 32], (3, 3), (1, 2), 32, winograd: true).winograd)
        XCTAssertFalse(plan([128, 28, 28, 32], (3, 3), (1, 1), 32, winograd: false).winograd)
    }
}
