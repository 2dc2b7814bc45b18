import DLCore
import DLTestSupport
import XCTest

/// The chunked convolution kernels against their naive references, in both orientations, with
/// chunks of one sample up to the whole batch, on odd shapes.
final class ConvolutionKernelsTests: XCTestCase {
    func testMatchesReferenceOnOddShapes() {
        var checked = 0
        // (input [N, H, W, C], kernel (KH, KW), strides, padding, filters)
        let cases: [([Int], (Int, Int), (Int, Int), Padding, Int)] = [
            ([1, 5, 7, 1], (3, 3), (1, 1), .same, 1),
            ([3, 7, 6, 3], (2, 3), (2, 2), .valid, 5),
            ([5, 6, 6, 1], (5, 5), (1, 1), .same, 6),
            ([2, 9, 8, 2], (3, 2), (3, 1), .same, 17),
            ([4, 5, 5, 3], (1, 1), (1, 1), .valid, 4),
            ([3, 4, 6, 5], (1, 1), (2, 2), .same, 16),
            ([2, 6, 7, 6], (5, 5), (1, 1), .valid, 16),
            ([3, 7, 7, 2], (4, 1), (1, 3), .same, 3),
            ([1, 3, 3, 2], (3, 3), (1, 1), .valid, 9),
        ]
        for (shape, kernelSize, strides, padding, filters) in cases {
            let g = WindowGeometry(inputShape: shape, kernel: kernelSize, strides: strides, padding: padding)
            let seed = UInt64(checked)
            let x = Tensor.randomUniform(shape, min: -1, max: 1, seed: seed).scalars
            let kernel = Tensor.randomUniform([g.patchSize * filters], min: -1, max: 1, seed: seed + 100).scalars
            let bias = Tensor.randomUniform([filters], min: -0.5, max: 0.5, seed: seed + 200).scalars
            let grad = Tensor.randomUniform([g.outputPositions * filters], min: -1, max: 1, seed: seed + 300).scalars
            for relu in [false, true] {
                for withBias in [false, true] {
                    let expected = ConvolutionKernels.referenceForward(x, kernel: kernel, bias: withBias ? bias : nil, g,
                                                                       filters: filters, relu: relu)
                    let reference = ConvolutionKernels.referenceBackward(grad, output: expected, relu: relu, x: x,
                                                                         kernel: kernel, g, filters: filters)
                    for (transposed, shiftedRows) in [(false, false), (true, false), (true, true)] {
                        for samples in [1, 2, shape[0]] {
                            let plan = ConvolutionKernels.Plan(g, filters: filters, samplesPerChunk: samples, transposed: transposed,
                                                               shiftedRows: shiftedRows)
                            let context = "\(shape) \(kernelSize) \(strides) \(padding) F=\(filters) relu=\(relu) bias=\(withBias) transposed=\(transposed) shifted=\(plan.shiftedRows) chunk=\(samples)"
                            let out = ConvolutionKernelsRunner.forward(x, kernel: kernel, bias: withBias ? bias : nil, g,
                                                                       filters: filters, relu: relu, plan: plan)
                            assertScalarsClose(out, expected, accuracy: 1e-4, "forward " + context)

                            let (dx, dKernel, dBias) = ConvolutionKernelsRunner.backward(
                                grad, output: expected, relu: relu, x: x, kernel: kernel, g, filters: filters, plan: plan)
                            assertScalarsClose(dx, reference.dx, accuracy: 1e-4, "dx " + context)
                            assertScalarsClose(dKernel, reference.dKernel, accuracy: 1e-3, "dKernel " + context)
                            assertScalarsClose(dBias, reference.dBias, accuracy: 1e-3, "dBias " + context)
                            checked += 1
                        }
                    }
                }
            }
        }
        XCTAssertGreaterThan(checked, 150)
    }

    /// The shifted-rows product (stride 1, transposed) against the references, on odd shapes:
    /// asymmetric 'same' padding, a window larger than the input, a 1×1 input, several channels,
    /// chunks of one sample up to the batch; the backward pass without dx (its only use).
    func testShiftedRowsMatchReference() {
        // (input [N, H, W, C], kernel (KH, KW), padding, filters)
        let cases: [([Int], (Int, Int), Padding, Int)] = [
            ([1, 5, 7, 1], (3, 3), .same, 1),
            ([3, 6, 5, 1], (5, 5), .same, 6),
            ([2, 4, 9, 2], (2, 4), .same, 3),
            ([2, 6, 7, 3], (3, 2), .valid, 5),
            ([1, 1, 1, 1], (1, 2), .same, 2),
            ([3, 2, 3, 1], (3, 3), .same, 7),
            ([2, 5, 5, 1], (5, 5), .valid, 4),
        ]
        for (index, (shape, kernelSize, padding, filters)) in cases.enumerated() {
            let g = WindowGeometry(inputShape: shape, kernel: kernelSize, strides: (1, 1), padding: padding)
            let seed = UInt64(index * 7)
            let x = Tensor.randomUniform(shape, min: -1, max: 1, seed: seed).scalars
            let kernel = Tensor.randomUniform([g.patchSize * filters], min: -1, max: 1, seed: seed + 1).scalars
            let bias = Tensor.randomUniform([filters], min: -0.5, max: 0.5, seed: seed + 2).scalars
            let grad = Tensor.randomUniform([g.outputPositions * filters], min: -1, max: 1, seed: seed + 3).scalars
            for relu in [false, true] {
                let expected = ConvolutionKernels.referenceForward(x, kernel: kernel, bias: bias, g, filters: filters, relu: relu)
                let reference = ConvolutionKernels.referenceBackward(grad, output: expected, relu: relu, x: x,
                                                                     kernel: kernel, g, filters: filters)
                for samples in Set([1, 2, shape[0]]) {
                    let plan = ConvolutionKernels.Plan(g, filters: filters, samplesPerChunk: samples, transposed: true)
                    XCTAssertTrue(plan.shiftedRows)
                    let context = "\(shape) \(kernelSize) \(padding) F=\(filters) relu=\(relu) chunk=\(samples)"
                    let out = ConvolutionKernelsRunner.forward(x, kernel: kernel, bias: bias, g, filters: filters, relu: relu,
                                                               plan: plan)
                    let (_, dKernel, dBias) = ConvolutionKernelsRunner.backward(
                        grad, output: expected, relu: relu, x: x, kernel: kernel, g, filters: filters, inputGradient: false,
                        plan: plan)
                    assertScalarsClose(out, expected, accuracy: 1e-4, "forward " + context)
                    assertScalarsClose(dKernel, reference.dKernel, accuracy: 1e-3, "dKernel " + context)
                    assertScalarsClose(dBias, reference.dBias, accuracy: 1e-3, "dBias " + context)
                }
            }
        }
        // Strides other than 1 and 1×1 windows keep colsᵀ.
        let strided = WindowGeometry(inputShape: [1, 6, 6, 1], kernel: (3, 3), strides: (2, 1), padding: .same)
        XCTAssertFalse(ConvolutionKernels.Plan(strided, filters: 4).shiftedRows)
        let pointwise = WindowGeometry(inputShape: [1, 6, 6, 3], kernel: (1, 1), strides: (1, 1), padding: .valid)
        XCTAssertFalse(ConvolutionKernels.Plan(pointwise, filters: 4).shiftedRows)
    }

    /// Gradients asked for one at a time match those computed together.
    func testBackwardWithOnlySomeGradients() {
        let g = WindowGeometry(inputShape: [3, 6, 6, 2], kernel: (3, 3), strides: (1, 1), padding: .same)
        let x = Tensor.randomUniform([3, 6, 6, 2], min: -1, max: 1, seed: 1).scalars
        let kernel = Tensor.randomUniform([g.patchSize * 4], min: -1, max: 1, seed: 2).scalars
        let grad = Tensor.randomUniform([g.outputPositions * 4], min: -1, max: 1, seed: 3).scalars
        let reference = ConvolutionKernels.referenceBackward(grad, output: nil, relu: false, x: x, kernel: kernel, g, filters: 4)
        for (transposed, shiftedRows) in [(false, false), (true, false), (true, true)] {
            let plan = ConvolutionKernels.Plan(g, filters: 4, samplesPerChunk: 2, transposed: transposed, shiftedRows: shiftedRows)
            var dx = [Float](repeating: .nan, count: x.count)
            var dKernel = [Float](repeating: .nan, count: kernel.count)
            grad.withUnsafeBufferPointer { gp in x.withUnsafeBufferPointer { xp in kernel.withUnsafeBufferPointer { kp in
                dx.withUnsafeMutableBufferPointer {
                    ConvolutionKernels.backward(gp, output: nil, relu: false, x: xp, kernel: kp, g, filters: 4,
                                                dx: $0, dKernel: nil, dBias: nil, plan: plan)
                }
                dKernel.withUnsafeMutableBufferPointer {
                    ConvolutionKernels.backward(gp, output: nil, relu: false, x: xp, kernel: kp, g, filters: 4,
                                                dx: nil, dKernel: $0, dBias: nil, plan: plan)
                }
            } } }
            assertScalarsClose(dx, reference.dx, accuracy: 1e-4, "transposed=\(transposed) shifted=\(shiftedRows)")
            assertScalarsClose(dKernel, reference.dKernel, accuracy: 1e-3, "transposed=\(transposed) shifted=\(shiftedRows)")
        }
    }

    func testBackwardSumsAreTheSameOnEveryRun() {
        // 64 samples in chunks of 2: 32 chunks over the workers. Partial sums must be added in the
        // same order every time, whichever thread takes which chunk.
        let g = WindowGeometry(inputShape: [64, 10, 10, 3], kernel: (3, 3), strides: (1, 1), padding: .same)
        let x = Tensor.randomUniform([64 * 10 * 10 * 3], min: -1, max: 1, seed: 4).scalars
        let kernel = Tensor.randomUniform([g.patchSize * 8], min: -1, max: 1, seed: 5).scalars
        let grad = Tensor.randomUniform([g.outputPositions * 8], min: -1, max: 1, seed: 6).scalars
        let plan = ConvolutionKernels.Plan(g, filters: 8, samplesPerChunk: 2)
        func gradients() -> [Float] {
            var dKernel = [Float](repeating: .nan, count: kernel.count)
            var dBias = [Float](repeating: .nan, count: 8)
            grad.withUnsafeBufferPointer { gp in x.withUnsafeBufferPointer { xp in kernel.withUnsafeBufferPointer { kp in
                dKernel.withUnsafeMutableBufferPointer { dk in
                    dBias.withUnsafeMutableBufferPointer { db in
                        ConvolutionKernels.backward(gp, output: nil, relu: false, x: xp, kernel: kp, g, filters: 8,
                                                    dx: nil, dKernel: dk, dBias: db, plan: plan)
                    }
                }
            } } }
            return dKernel + dBias
        }
        let first = gradients()
        for run in 1..<20 {
            let again = gradients()
            let differing = zip(again, first).filter { $0 != $1 }.count
            XCTAssertEqual(differing, 0, "run \(run): \(differing) of \(first.count) sums differ in their last bits")
        }
    }

    /// The default plan keeps chunks to whole samples and picks the orientation by filter count.
    func testDefaultPlan() {
        let lenet = WindowGeometry(inputShape: [128, 28, 28, 1], kernel: (5, 5), strides: (1, 1), padding: .same)
        let plan = ConvolutionKernels.Plan(lenet, filters: 6)
        XCTAssertTrue(plan.transposed)
        XCTAssertGreaterThanOrEqual(plan.samplesPerChunk, 1)
        XCTAssertLessThanOrEqual(plan.samplesPerChunk, 64)
        let wide = WindowGeometry(inputShape: [1, 28, 28, 32], kernel: (3, 3), strides: (1, 1), padding: .same)
        XCTAssertFalse(ConvolutionKernels.Plan(wide, filters: 32).transposed)
        XCTAssertEqual(ConvolutionKernels.Plan(wide, filters: 32).samplesPerChunk, 1)
        // One input channel: transposed (shifted planes) up to 16 filters, rows beyond.
        let stem = WindowGeometry(inputShape: [128, 28, 28, 1], kernel: (3, 3), strides: (1, 1), padding: .same)
        XCTAssertTrue(ConvolutionKernels.Plan(stem, filters: 16).shiftedRows)
        XCTAssertFalse(ConvolutionKernels.Plan(stem, filters: 32).transposed)
        let sixteen = WindowGeometry(inputShape: [128, 14, 14, 6], kernel: (5, 5), strides: (1, 1), padding: .valid)
        XCTAssertFalse(ConvolutionKernels.Plan(sixteen, filters: 16).transposed, "LeNet-5's second convolution keeps rows")
    }
}
