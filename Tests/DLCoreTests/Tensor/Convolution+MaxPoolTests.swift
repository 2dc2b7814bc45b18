import DLCore
import DLTestSupport
import XCTest

/// `conv2dMaxPool` is `maxPool2d(conv2d(...))` bit for bit, output and gradients, on every
/// convolution strategy (im2col rows, transposed, shifted rows, planar, Winograd, the direct kernel
/// gradient from the pooled gradient for a constant input), with and without ReLU and bias, on
/// pools that leave rows and columns out, and falls back to the two ops otherwise.
final class ConvolutionMaxPoolTests: XCTestCase {
    private struct Case {
        let input: [Int], kernel: [Int], padding: Padding, pool: (Int, Int)
    }

    private let cases = [
        Case(input: [7, 12, 12, 1], kernel: [5, 5, 1, 32], padding: .valid, pool: (2, 2)),   // im2col rows (siamese's first)
        Case(input: [5, 11, 9, 3], kernel: [3, 3, 3, 6], padding: .same, pool: (2, 2)),      // transposed, shifted rows
        Case(input: [3, 9, 10, 2], kernel: [2, 3, 2, 5], padding: .valid, pool: (3, 2)),     // transposed, odd pool
        Case(input: [6, 28, 28, 1], kernel: [5, 5, 1, 6], padding: .same, pool: (2, 2)),    // planar (LeNet-5's first)
        Case(input: [9, 10, 11, 16], kernel: [3, 3, 16, 24], padding: .same, pool: (2, 2)),  // Winograd, 'same'
        Case(input: [4, 13, 9, 17], kernel: [3, 3, 17, 16], padding: .valid, pool: (2, 3)),  // Winograd, 'valid'
    ]

    /// The two ops, then the fused one, under the same tape: outputs and gradients bit for bit.
    func testEqualsConvolutionThenPoolingBitForBit() {
        for (index, c) in cases.enumerated() {
            for relu in [false, true] {
                for useBias in [false, true] {
                    let what = "case \(index), relu \(relu), bias \(useBias)"
                    let x = Variable(Tensor.randomNormal(c.input, seed: UInt64(index)), name: "x")
                    let k = Variable(Tensor.randomNormal(c.kernel, stddev: 0.3, seed: 100 + UInt64(index)), name: "kernel")
                    let b = Variable(Tensor.randomNormal([c.kernel[3]], stddev: 0.5, seed: 200 + UInt64(index)), name: "bias")
                    func unfused() -> Tensor {
                        maxPool2d(conv2d(x.value, kernel: k.value, bias: useBias ? b.value : nil, padding: c.padding, relu: relu),
                                  poolSize: c.pool, strides: c.pool, padding: .valid)
                    }
                    func fused() -> Tensor {
                        conv2dMaxPool(x.value, kernel: k.value, of: k, bias: useBias ? b.value : nil, padding: c.padding, relu: relu,
                                      poolSize: c.pool, poolStrides: c.pool, poolPadding: .valid)
                    }
                    XCTAssertEqual(fused().scalars, unfused().scalars, what)
                    XCTAssertEqual(fused().scalars, unfused().scalars, what + " (the kept transform)")
                    let weights = Tensor.randomUniform(unfused().shape, min: -1, max: 1, seed: 7)
                    let variables = useBias ? [x, k, b] : [x, k]
                    let (y1, g1) = valueWithGradient(wrt: variables) { (unfused() * weights).sum() }
                    let (y2, g2) = valueWithGradient(wrt: variables) { (fused() * weights).sum() }
                    XCTAssertEqual(y2.scalars, y1.scalars, what)
                    for (a, e) in zip(g2, g1) { XCTAssertEqual(a.scalars, e.scalars, what) }
                    // A constant input (a first layer): the fused pullback then takes dKernel and dBias
                    // straight from the pooled gradient (where the direct kernel gradient runs), in
                    // every vector unit's variant.
                    for unit in VectorUnit.supported {
                        XCTAssertTrue(VectorUnit.force(unit))
                        let weightsOnly = useBias ? [k, b] : [k]
                        let (_, e) = valueWithGradient(wrt: weightsOnly) { (unfused() * weights).sum() }
                        let (_, a) = valueWithGradient(wrt: weightsOnly) { (fused() * weights).sum() }
                        for (ours, theirs) in zip(a, e) { assertSameBits(ours.scalars, theirs.scalars, what + " constant input, \(unit.name)") }
                    }
                    VectorUnit.force(nil)
                }
            }
        }
    }

    func testKernelGradientOnlyAndPoolsThatOverlapFallBack() {
        let x = Tensor.randomNormal([3, 8, 8, 16], seed: 1)
        let k = Variable(Tensor.randomNormal([3, 3, 16, 16], stddev: 0.3, seed: 2), name: "kernel")
        // The input is a constant: dKernel only (the siamese workload's first layer).
        let (_, g1) = valueWithGradient(wrt: [k]) {
            maxPool2d(conv2d(x, kernel: k.value, padding: .same, relu: true), poolSize: (2, 2), strides: (2, 2), padding: .valid).sum()
        }
        let (_, g2) = valueWithGradient(wrt: [k]) {
            conv2dMaxPool(x, kernel: k.value, padding: .same, relu: true, poolSize: (2, 2), poolStrides: (2, 2), poolPadding: .valid).sum()
        }
        XCTAssertEqual(g2[0].scalars, g1[0].scalars)
        // Overlapping windows, and 'same' pooling with a padded cell: the two ops.
        for (size, stride, padding) in [((3, 3), (2, 2), Padding.valid), ((2, 2), (2, 2), Padding.same)] {
            let expected = maxPool2d(conv2d(x, kernel: k.value, relu: true), poolSize: size, strides: stride, padding: padding)
            let fused = conv2dMaxPool(x, kernel: k.value, relu: true, poolSize: size, poolStrides: stride, poolPadding: padding)
            XCTAssertEqual(fused.shape, expected.shape)
            XCTAssertEqual(fused.scalars, expected.scalars)
        }
    }

    func testGradientsMatchFiniteDifferences() {
        let x = Variable(Tensor.randomUniform([2, 7, 6, 2], min: -1, max: 1, seed: 10), name: "x")
        let k = Variable(Tensor.randomUniform([3, 2, 2, 3], min: -1, max: 1, seed: 11), name: "kernel")
        let b = Variable(Tensor.randomUniform([3], min: -1, max: 1, seed: 12), name: "bias")
        let weights = Tensor.randomUniform([2, 2, 2, 3], min: 0.5, max: 1.5, seed: 13)
        GradientCheck.assertGradientsMatch(of: {
            conv2dMaxPool(x.value, kernel: k.value, bias: b.value, padding: .valid, poolSize: (2, 2), poolStrides: (2, 2),
                          poolPadding: .valid) * weights
        }, wrt: [x, k, b], epsilon: 1e-3)
    }
}
