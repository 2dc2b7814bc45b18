import DLCore
import DLTestSupport
import XCTest

final class ConvolutionTests: XCTestCase {
    /// The classic worked example: a 5×5 binary image and a 3×3 "X" kernel, valid, stride 1.
    func testWorkedExample() {
        let image: [Float] = [1, 1, 1, 0, 0,
                              0, 1, 1, 1, 0,
                              0, 0, 1, 1, 1,
                              0, 0, 1, 1, 0,
                              0, 1, 1, 0, 0]
        let kernel: [Float] = [1, 0, 1,
                               0, 1, 0,
                               1, 0, 1]
        let y = conv2d(Tensor(shape: [1, 5, 5, 1], scalars: image), kernel: Tensor(shape: [3, 3, 1, 1], scalars: kernel))
        XCTAssertEqual(y.shape, [1, 3, 3, 1])
        XCTAssertEqual(y.scalars, [4, 3, 4, 2, 4, 3, 2, 3, 4])
    }

    func testOutputShapesFollowTensorFlow() {
        let x = Tensor.zeros([2, 7, 6, 3])
        let k = Tensor.zeros([3, 2, 3, 4])
        XCTAssertEqual(conv2d(x, kernel: k).shape, [2, 5, 5, 4])
        XCTAssertEqual(conv2d(x, kernel: k, strides: (2, 2)).shape, [2, 3, 3, 4])
        XCTAssertEqual(conv2d(x, kernel: k, padding: .same).shape, [2, 7, 6, 4])
        XCTAssertEqual(conv2d(x, kernel: k, strides: (2, 3), padding: .same).shape, [2, 4, 2, 4])
    }

    func testPaddingHelper() {
        XCTAssertTrue(Padding.valid.outputSize(input: 7, kernel: 3, stride: 2) == (3, 0, 0))
        XCTAssertTrue(Padding.valid.outputSize(input: 2, kernel: 3, stride: 1) == (0, 0, 0))
        XCTAssertTrue(Padding.same.outputSize(input: 7, kernel: 3, stride: 2) == (4, 1, 1))
        XCTAssertTrue(Padding.same.outputSize(input: 6, kernel: 3, stride: 2) == (3, 0, 1))
        XCTAssertTrue(Padding.same.outputSize(input: 5, kernel: 4, stride: 1) == (5, 1, 2))
        XCTAssertTrue(Padding.same.outputSize(input: 5, kernel: 1, stride: 3) == (2, 0, 0))
        XCTAssertEqual(Padding(rawValue: "same"), .same)
        XCTAssertEqual(Padding.valid.rawValue, "valid")
    }

    /// conv2d against a direct 7-loop convolution, with bias, across paddings and strides.
    func testMatchesDirectConvolution() {
        for (padding, strides, kernelSize) in [(Padding.valid, (1, 1), (3, 3)), (.same, (2, 2), (3, 2)),
                                               (.same, (1, 3), (1, 1)), (.valid, (3, 1), (2, 4)), (.same, (1, 1), (4, 4))] {
            let x = Tensor.randomUniform([2, 7, 8, 3], min: -1, max: 1, seed: 1)
            let k = Tensor.randomUniform([kernelSize.0, kernelSize.1, 3, 5], min: -1, max: 1, seed: 2)
            let b = Tensor.randomUniform([5], min: -1, max: 1, seed: 3)
            let y = conv2d(x, kernel: k, bias: b, strides: strides, padding: padding)
            let expected = directConvolution(x, k, b, strides, padding)
            assertTensorsClose(y, expected, accuracy: 1e-4, "\(padding) \(strides) \(kernelSize)")
        }
    }

    /// A single-channel input with 16 or more filters runs the direct convolution at inference on
    /// AVX-512 and im2col when recorded (`ConvolutionKernels.Plan`): both agree with the 7-loop
    /// convolution, and so does the fused convolution + max pooling in both modes.
    func testSingleChannelInputAtInferenceAndInTraining() {
        for (padding, kernelSize, filters) in [(Padding.valid, (5, 5), 32), (.same, (3, 3), 17)] {
            let x = Tensor.randomUniform([3, 12, 11, 1], min: -1, max: 1, seed: 6)
            let k = Variable(Tensor.randomUniform([kernelSize.0, kernelSize.1, 1, filters], min: -1, max: 1, seed: 7), name: "kernel")
            let b = Tensor.randomUniform([filters], min: -1, max: 1, seed: 8)
            let expected = relu(directConvolution(x, k.value, b, (1, 1), padding))
            let inference = conv2d(x, kernel: k.value, bias: b, padding: padding, relu: true)
            let training = valueWithGradient(wrt: [k]) { conv2d(x, kernel: k.value, bias: b, padding: padding, relu: true) }.value
            assertTensorsClose(inference, expected, accuracy: 1e-5, "inference \(padding)")
            assertTensorsClose(training, expected, accuracy: 1e-5, "training \(padding)")
            let pooled = maxPool2d(expected, poolSize: (2, 2), strides: (2, 2), padding: .valid)
            let pooledInference = conv2dMaxPool(x, kernel: k.value, bias: b, padding: padding, relu: true,
                                                poolSize: (2, 2), poolStrides: (2, 2), poolPadding: .valid)
            let pooledTraining = valueWithGradient(wrt: [k]) {
                conv2dMaxPool(x, kernel: k.value, bias: b, padding: padding, relu: true,
                              poolSize: (2, 2), poolStrides: (2, 2), poolPadding: .valid)
            }.value
            assertTensorsClose(pooledInference, pooled, accuracy: 1e-5, "pooled inference \(padding)")
            assertTensorsClose(pooledTraining, pooled, accuracy: 1e-5, "pooled training \(padding)")
        }
    }

    func testGradientsValid() {
        checkConvGradients(input: [2, 5, 6, 2], kernel: [3, 2, 2, 3], strides: (1, 1), padding: .valid, bias: true)
    }

    func testGradientsSame() {
        checkConvGradients(input: [1, 5, 5, 2], kernel: [3, 3, 2, 2], strides: (1, 1), padding: .same, bias: true)
    }

    func testGradientsStride2NonSquare() {
        checkConvGradients(input: [2, 6, 7, 2], kernel: [2, 3, 2, 3], strides: (2, 2), padding: .valid, bias: false)
        checkConvGradients(input: [1, 7, 6, 3], kernel: [3, 2, 3, 2], strides: (2, 2), padding: .same, bias: true)
        checkConvGradients(input: [1, 5, 7, 2], kernel: [1, 3, 2, 2], strides: (2, 1), padding: .same, bias: true)
    }

    func testGradientsOneByOne() {
        checkConvGradients(input: [2, 3, 4, 3], kernel: [1, 1, 3, 2], strides: (1, 1), padding: .valid, bias: true)
    }

    func testGradientOnlyForKernelWhenInputIsConstant() {
        let x = Tensor.randomUniform([2, 4, 4, 2], min: -1, max: 1, seed: 4)
        let k = Variable(Tensor.randomUniform([3, 3, 2, 2], min: -1, max: 1, seed: 5), name: "kernel")
        GradientCheck.assertGradientsMatch(of: { conv2d(x, kernel: k.value, padding: .same) }, wrt: [k])
    }

    /// A batch large enough for pooled scratch buffers (≥ 65 536 scalars of im2col) gives the same
    /// outputs and gradients as its samples taken one at a time, step after step.
    func testLargeBatchWithPooledScratchMatchesPerSample() {
        let k = Variable(Tensor.randomUniform([3, 3, 8, 4], min: -1, max: 1, seed: 30), name: "kernel")
        let b = Variable(Tensor.randomUniform([4], min: -1, max: 1, seed: 31), name: "bias")
        for step in 0..<3 {
            let x = Variable(Tensor.randomUniform([4, 16, 16, 8], min: -1, max: 1, seed: UInt64(32 + step)), name: "x")
            let weights = Tensor.randomUniform([4, 16, 16, 4], min: 0.5, max: 1.5, seed: 40)
            let conv = { (input: Tensor) in conv2d(input, kernel: k.value, bias: b.value, padding: .same) }
            let (batchValue, batchGrads) = valueWithGradient(wrt: [x, k, b]) { conv(x.value) * weights }
            XCTAssertEqual(conv(x.value) * weights, batchValue, "inference and training forward agree")
            var dKernel = Tensor.zeros(k.shape), dBias = Tensor.zeros(b.shape), dx = [Float]()
            for n in 0..<4 {
                let sample = Variable(x.value[n..<(n + 1)], name: "sample")
                let (value, grads) = valueWithGradient(wrt: [sample, k, b]) { conv(sample.value) * weights[n..<(n + 1)] }
                assertTensorsClose(value, batchValue[n..<(n + 1)], accuracy: 1e-4, "step \(step) sample \(n)")
                dx += grads[0].scalars
                dKernel = dKernel + grads[1]
                dBias = dBias + grads[2]
            }
            assertScalarsClose(batchGrads[0].scalars, dx, accuracy: 1e-4, "dx step \(step)")
            assertTensorsClose(batchGrads[1], dKernel, accuracy: 1e-3, "dKernel step \(step)")
            assertTensorsClose(batchGrads[2], dBias, accuracy: 1e-3, "dBias step \(step)")
        }
    }

    /// conv2d with `relu: true` equals relu after conv2d, in value and in every gradient.
    func testFusedReLUMatchesComposition() {
        for (kernelShape, padding) in [([5, 5, 1, 6], Padding.same), ([3, 3, 3, 20], .valid), ([1, 1, 3, 2], .valid)] {
            let x = Variable(Tensor.randomUniform([3, 7, 8, kernelShape[2]], min: -1, max: 1, seed: 50), name: "x")
            let k = Variable(Tensor.randomUniform(kernelShape, min: -1, max: 1, seed: 51), name: "kernel")
            let b = Variable(Tensor.randomUniform([kernelShape[3]], min: -0.5, max: 0.5, seed: 52), name: "bias")
            let probe = conv2d(x.value, kernel: k.value, padding: padding)
            let weights = Tensor.randomUniform(probe.shape, min: 0.5, max: 1.5, seed: 53)
            let fused = valueWithGradient(wrt: [x, k, b]) {
                conv2d(x.value, kernel: k.value, bias: b.value, padding: padding, relu: true) * weights
            }
            let composed = valueWithGradient(wrt: [x, k, b]) {
                relu(conv2d(x.value, kernel: k.value, bias: b.value, padding: padding)) * weights
            }
            assertTensorsClose(fused.value, composed.value, accuracy: 1e-4, "\(kernelShape)")
            for (a, e) in zip(fused.gradients, composed.gradients) { assertTensorsClose(a, e, accuracy: 1e-3, "\(kernelShape)") }
        }
    }

    /// Finite differences through the fused ReLU (a positive bias keeps most outputs off the kink).
    func testFusedReLUGradients() {
        let x = Variable(Tensor.randomUniform([2, 5, 5, 2], min: -1, max: 1, seed: 60), name: "x")
        let k = Variable(Tensor.randomUniform([3, 3, 2, 3], min: -1, max: 1, seed: 61), name: "kernel")
        let b = Variable(Tensor(shape: [3], scalars: [0.3, -0.2, 0.5]), name: "bias")
        GradientCheck.assertGradientsMatch(of: {
            conv2d(x.value, kernel: k.value, bias: b.value, padding: .same, relu: true)
        }, wrt: [x, k, b], epsilon: 1e-3, tolerance: 3e-2)
    }

    /// A Winograd convolution given its kernel's variable keeps the transformed kernel between
    /// calls: the same output, bit for bit, as without it, before and after each kind of write.
    func testKernelVariableKeepsTheTransformFreshAndExact() {
        let x = Tensor.randomNormal([3, 9, 7, 16], seed: 1)
        let variable = Variable(Tensor.randomNormal([3, 3, 16, 24], seed: 2), name: "kernel")
        let bias = Tensor.randomNormal([24], seed: 3)
        func check(_ what: String) {
            let expected = conv2d(x, kernel: variable.value, bias: bias, padding: .same, relu: true)
            for _ in 0..<2 {
                XCTAssertEqual(conv2d(x, kernel: variable.value, of: variable, bias: bias, padding: .same, relu: true).scalars,
                               expected.scalars, what)
            }
        }
        check("first")
        variable.assign(Tensor.randomNormal([3, 3, 16, 24], seed: 4)); check("after assign")
        variable.value = Tensor.randomNormal([3, 3, 16, 24], seed: 5); check("after value =")
        variable.updateScalarsInPlace { for i in $0.indices { $0[i] *= -0.5 } }; check("after an in-place update")
        // Another tensor than the variable's value is transformed afresh, never taken from the cache.
        let other = Tensor.randomNormal([3, 3, 16, 24], seed: 6)
        XCTAssertEqual(conv2d(x, kernel: other, of: variable, padding: .same).scalars, conv2d(x, kernel: other, padding: .same).scalars)
        check("after another kernel")
        // Differentiated, the kernel's gradient is the one without the variable.
        let input = Variable(x, name: "x")
        let (y1, g1) = valueWithGradient(wrt: [input, variable]) {
            conv2d(input.value, kernel: variable.value, of: variable, padding: .same, relu: true).sum()
        }
        let (y2, g2) = valueWithGradient(wrt: [input, variable]) {
            conv2d(input.value, kernel: variable.value, padding: .same, relu: true).sum()
        }
        XCTAssertEqual(y1.scalars, y2.scalars)
        XCTAssertEqual(g1.map(\.scalars), g2.map(\.scalars))
    }

    func testEmptyBatch() {
        let x = Variable(Tensor.zeros([0, 5, 5, 2]), name: "x")
        let k = Variable(Tensor.ones([3, 3, 2, 4]), name: "kernel")
        let (value, grads) = valueWithGradient(wrt: [x, k]) { conv2d(x.value, kernel: k.value, padding: .same) }
        XCTAssertEqual(value.shape, [0, 5, 5, 4])
        XCTAssertEqual(grads[1], Tensor.zeros([3, 3, 2, 4]))
        XCTAssertEqual(maxPool2d(x.value, poolSize: (2, 2), strides: (2, 2), padding: .valid).shape, [0, 2, 2, 2])
    }

    private func checkConvGradients(input: [Int], kernel: [Int], strides: (Int, Int), padding: Padding, bias: Bool,
                                    file: StaticString = #filePath, line: UInt = #line) {
        let x = Variable(Tensor.randomUniform(input, min: -1, max: 1, seed: 10), name: "x")
        let k = Variable(Tensor.randomUniform(kernel, min: -1, max: 1, seed: 11), name: "kernel")
        let b = Variable(Tensor.randomUniform([kernel[3]], min: -1, max: 1, seed: 12), name: "bias")
        // A fixed random weighting of the output makes every output position matter differently.
        let probe = conv2d(x.value, kernel: k.value, strides: strides, padding: padding)
        let weights = Tensor.randomUniform(probe.shape, min: 0.5, max: 1.5, seed: 13)
        GradientCheck.assertGradientsMatch(of: {
            conv2d(x.value, kernel: k.value, bias: bias ? b.value : nil, strides: strides, padding: padding) * weights
        }, wrt: bias ? [x, k, b] : [x, k], file: file, line: line)
    }

    /// Direct convolution with TensorFlow's padding, one scalar at a time.
    private func directConvolution(_ x: Tensor, _ k: Tensor, _ b: Tensor, _ s: (Int, Int), _ padding: Padding) -> Tensor {
        let (n, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (kh, kw, f) = (k.shape[0], k.shape[1], k.shape[3])
        let rows = padding.outputSize(input: h, kernel: kh, stride: s.0)
        let cols = padding.outputSize(input: w, kernel: kw, stride: s.1)
        let xs = x.scalars, ks = k.scalars, bs = b.scalars
        var out = [Float](repeating: 0, count: n * rows.output * cols.output * f)
        for i in 0..<n { for oh in 0..<rows.output { for ow in 0..<cols.output { for o in 0..<f {
            var sum = bs[o]
            for dh in 0..<kh { for dw in 0..<kw { for ch in 0..<c {
                let ih = oh * s.0 - rows.before + dh, iw = ow * s.1 - cols.before + dw
                guard ih >= 0, ih < h, iw >= 0, iw < w else { continue }
                sum += xs[((i * h + ih) * w + iw) * c + ch] * ks[((dh * kw + dw) * c + ch) * f + o]
            } } }
            out[((i * rows.output + oh) * cols.output + ow) * f + o] = sum
        } } } }
        return Tensor(shape: [n, rows.output, cols.output, f], scalars: out)
    }
}
