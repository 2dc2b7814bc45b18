import DLCore
import DLTestSupport
import XCTest

/// The transposed convolution kernels (run by the convolution's GEMM paths) against their naive
/// scatter references, on odd shapes chosen to reach every plan of the convolution they run on:
/// few channels (transposed product, shifted rows), many (rows product), 3×3 stride-1 'same' with
/// 16 or more channels and filters (Winograd), chunks of one sample and of several.
final class ConvolutionKernelsTransposedTests: XCTestCase {
    // (input [N, H, W, C], kernel (KH, KW), strides, padding, filters F)
    private let cases: [([Int], (Int, Int), (Int, Int), Padding, Int)] = [
        ([1, 3, 4, 1], (3, 3), (1, 1), .valid, 1),
        ([2, 3, 3, 2], (3, 3), (2, 2), .same, 3),
        ([3, 4, 3, 3], (3, 3), (2, 2), .valid, 2),
        ([2, 3, 4, 2], (4, 4), (2, 2), .same, 3),
        ([2, 3, 3, 3], (4, 4), (2, 2), .valid, 2),
        ([2, 2, 3, 2], (5, 5), (2, 2), .same, 2),
        ([1, 4, 4, 2], (5, 5), (1, 1), .same, 4),
        ([2, 3, 2, 2], (2, 2), (3, 3), .valid, 2),
        ([2, 4, 3, 2], (3, 2), (2, 1), .same, 5),
        ([5, 3, 3, 17], (3, 3), (2, 2), .same, 18),
        ([3, 5, 5, 16], (3, 3), (1, 1), .same, 16),
        ([2, 4, 5, 20], (1, 1), (1, 1), .valid, 3),
    ]

    func testMatchesReference() {
        var checked = 0
        for (index, (shape, kernelSize, strides, padding, filters)) in cases.enumerated() {
            let g = WindowGeometry(transposing: shape, kernel: kernelSize, filters: filters, strides: strides, padding: padding)
            let channels = shape[3]
            let seed = UInt64(index)
            let x = Tensor.randomUniform(shape, min: -1, max: 1, seed: seed).scalars
            let kernel = Tensor.randomUniform([g.patchSize * channels], min: -1, max: 1, seed: seed + 100).scalars
            let bias = Tensor.randomUniform([filters], min: -0.5, max: 0.5, seed: seed + 200).scalars
            let grad = Tensor.randomUniform([g.batch * g.sampleSize], min: -1, max: 1, seed: seed + 300).scalars
            for relu in [false, true] {
                for withBias in [false, true] {
                    let context = "\(shape) \(kernelSize) \(strides) \(padding) F=\(filters) relu=\(relu) bias=\(withBias)"
                    let expected = ConvolutionKernels.referenceTransposedForward(
                        x, kernel: kernel, bias: withBias ? bias : nil, g, channels: channels, relu: relu)
                    var out = [Float](repeating: .nan, count: expected.count)
                    x.withUnsafeBufferPointer { xp in kernel.withUnsafeBufferPointer { kp in bias.withUnsafeBufferPointer { bp in
                        out.withUnsafeMutableBufferPointer { op in
                            ConvolutionKernels.transposedForward(xp, kernel: kp, bias: withBias ? bp : nil, g, channels: channels,
                                                                 relu: relu, into: op)
                        }
                    } } }
                    assertScalarsClose(out, expected, accuracy: 1e-4, "forward " + context)

                    let reference = ConvolutionKernels.referenceTransposedBackward(
                        grad, output: expected, relu: relu, x: x, kernel: kernel, g, channels: channels)
                    var dx = [Float](repeating: .nan, count: x.count)
                    var dKernel = [Float](repeating: .nan, count: kernel.count)
                    var dBias = [Float](repeating: .nan, count: filters)
                    grad.withUnsafeBufferPointer { gp in expected.withUnsafeBufferPointer { yp in
                        x.withUnsafeBufferPointer { xp in kernel.withUnsafeBufferPointer { kp in
                            dx.withUnsafeMutableBufferPointer { dxp in dKernel.withUnsafeMutableBufferPointer { dkp in
                                dBias.withUnsafeMutableBufferPointer { dbp in
                                    ConvolutionKernels.transposedBackward(gp, output: yp, relu: relu, x: xp, kernel: kp, g,
                                                                          channels: channels, dx: dxp, dKernel: dkp, dBias: dbp)
                                }
                            } }
                        } }
                    } }
                    assertScalarsClose(dx, reference.dx, accuracy: 1e-4, "dx " + context)
                    assertScalarsClose(dKernel, reference.dKernel, accuracy: 1e-3, "dKernel " + context)
                    assertScalarsClose(dBias, reference.dBias, accuracy: 1e-3, "dBias " + context)
                    checked += 1
                }
            }
        }
        XCTAssertEqual(checked, cases.count * 4)
    }

    /// Asking for one gradient writes it alone, and equals the one computed beside the others.
    func testEachGradientAlone() {
        let shape = [2, 3, 4, 3], filters = 2
        let g = WindowGeometry(transposing: shape, kernel: (3, 3), filters: filters, strides: (2, 2), padding: .same)
        let x = Tensor.randomUniform(shape, min: -1, max: 1, seed: 1).scalars
        let kernel = Tensor.randomUniform([g.patchSize * 3], min: -1, max: 1, seed: 2).scalars
        let grad = Tensor.randomUniform([g.batch * g.sampleSize], min: -1, max: 1, seed: 3).scalars
        let reference = ConvolutionKernels.referenceTransposedBackward(grad, output: nil, relu: false, x: x, kernel: kernel, g,
                                                                       channels: 3)
        for which in 0..<3 {
            var dx = [Float](repeating: .nan, count: x.count)
            var dKernel = [Float](repeating: .nan, count: kernel.count)
            var dBias = [Float](repeating: .nan, count: filters)
            grad.withUnsafeBufferPointer { gp in x.withUnsafeBufferPointer { xp in kernel.withUnsafeBufferPointer { kp in
                dx.withUnsafeMutableBufferPointer { dxp in dKernel.withUnsafeMutableBufferPointer { dkp in
                    dBias.withUnsafeMutableBufferPointer { dbp in
                        ConvolutionKernels.transposedBackward(gp, output: nil, relu: false, x: xp, kernel: kp, g, channels: 3,
                                                              dx: which == 0 ? dxp : nil, dKernel: which == 1 ? dkp : nil,
                                                              dBias: which == 2 ? dbp : nil)
                    }
                } }
            } } }
            XCTAssertEqual(dx.allSatisfy(\.isNaN), which != 0)
            XCTAssertEqual(dKernel.allSatisfy(\.isNaN), which != 1)
            XCTAssertEqual(dBias.allSatisfy(\.isNaN), which != 2)
            if which == 0 { assertScalarsClose(dx, reference.dx, accuracy: 1e-4, "dx alone") }
            if which == 1 { assertScalarsClose(dKernel, reference.dKernel, accuracy: 1e-3, "dKernel alone") }
            if which == 2 { assertScalarsClose(dBias, reference.dBias, accuracy: 1e-3, "dBias alone") }
        }
    }

    /// The geometry of the transposed convolution: Keras's output sizes, TensorFlow's padding.
    func testGeometry() {
        let same = WindowGeometry(transposing: [1, 4, 5, 2], kernel: (3, 3), filters: 6, strides: (2, 2), padding: .same)
        XCTAssertEqual([same.height, same.width, same.channels, same.outputHeight, same.outputWidth], [8, 10, 6, 4, 5])
        XCTAssertEqual([same.padTop, same.padLeft], [0, 0])   // total max(k − s, 0) = 1: all after
        let same5 = WindowGeometry(transposing: [1, 3, 3, 1], kernel: (5, 5), filters: 1, strides: (2, 2), padding: .same)
        XCTAssertEqual([same5.height, same5.padTop], [6, 1])   // total 3: 1 before, 2 after
        let valid = WindowGeometry(transposing: [1, 3, 2, 1], kernel: (2, 4), filters: 1, strides: (3, 3), padding: .valid)
        XCTAssertEqual([valid.height, valid.width], [9, 7])    // (in − 1)·s + max(k, s)
        XCTAssertEqual(Padding.valid.transposedOutputSize(input: 7, kernel: 5, stride: 2), 17)
        XCTAssertEqual(Padding.same.transposedOutputSize(input: 7, kernel: 5, stride: 2), 14)
        XCTAssertEqual(Padding.valid.transposedOutputSize(input: 7, kernel: 1, stride: 1), 7)
    }
}
