import DLCore
import DLTestSupport
import XCTest

/// `conv2dAddingResidual` is `elementwiseSumReLU([conv2d(...), residual])` (or the plain sum) bit
/// for bit, with and without bias and with a variable's kept Winograd transform; while gradients
/// are recorded it is the unfused ops, gradients included.
final class ConvolutionResidualTests: XCTestCase {
    func testEqualsConvolutionThenAddAndReLUBitForBit() {
        let cases: [(input: [Int], kernel: [Int], strides: (Int, Int), padding: Padding)] = [
            ([5, 9, 9, 16], [3, 3, 16, 16], (1, 1), .same),     // Winograd
            ([3, 9, 7, 8], [1, 1, 8, 12], (2, 2), .valid),      // 1×1, strided
            ([4, 10, 9, 3], [3, 3, 3, 5], (2, 1), .same),       // strided 3×3
        ]
        for (index, c) in cases.enumerated() {
            let x = Tensor.randomNormal(c.input, seed: UInt64(index))
            let kernel = Variable(Tensor.randomNormal(c.kernel, stddev: 0.3, seed: 10 + UInt64(index)), name: "kernel")
            for useBias in [false, true] {
                let bias = useBias ? Tensor.randomNormal([c.kernel[3]], seed: 20 + UInt64(index)) : nil
                let y = conv2d(x, kernel: kernel.value, bias: bias, strides: c.strides, padding: c.padding)
                let residual = Tensor.randomNormal(y.shape, seed: 30 + UInt64(index))
                for relu in [false, true] {
                    let what = "case \(index), bias \(useBias), relu \(relu)"
                    let expected = relu ? elementwiseSumReLU([y, residual]) : elementwiseSum([y, residual])
                    for variable in [nil, kernel] {
                        let fused = conv2dAddingResidual(x, kernel: kernel.value, of: variable, bias: bias, residual: residual,
                                                         strides: c.strides, padding: c.padding, relu: relu)
                        XCTAssertEqual(fused.scalars, expected.scalars, what)
                    }
                }
            }
        }
    }

    func testWhileRecordingItIsTheUnfusedOpsWithTheirGradients() {
        let x = Tensor.randomNormal([2, 6, 6, 3], seed: 1)
        let kernel = Variable(Tensor.randomNormal([3, 3, 3, 4], stddev: 0.3, seed: 2), name: "kernel")
        let residual = Variable(Tensor.randomNormal([2, 6, 6, 4], seed: 3), name: "residual")
        let fused = valueWithGradient(wrt: [kernel, residual]) {
            conv2dAddingResidual(x, kernel: kernel.value, residual: residual.value, padding: .same, relu: true).sum()
        }
        let unfused = valueWithGradient(wrt: [kernel, residual]) {
            elementwiseSumReLU([conv2d(x, kernel: kernel.value, padding: .same), residual.value]).sum()
        }
        XCTAssertEqual(fused.value, unfused.value)
        XCTAssertEqual(fused.gradients, unfused.gradients)
    }
}
