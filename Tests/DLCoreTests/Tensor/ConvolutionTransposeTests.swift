import DLCore
import DLTestSupport
import XCTest

final class ConvolutionTransposeTests: XCTestCase {
    /// Each input cell paints its value times a 3×3 window of ones, two cells apart; the windows
    /// overlap on the middle row and column. 'same' keeps the first 4 of the 5 rows and columns.
    func testWorkedExample() {
        let x = Tensor(shape: [1, 2, 2, 1], scalars: [1, 2, 3, 4])
        let k = Tensor.ones([3, 3, 1, 1])
        let valid = conv2dTranspose(x, kernel: k, strides: (2, 2))
        XCTAssertEqual(valid.shape, [1, 5, 5, 1])
        XCTAssertEqual(valid.scalars, [1, 1, 3, 2, 2,
                                       1, 1, 3, 2, 2,
                                       4, 4, 10, 6, 6,
                                       3, 3, 7, 4, 4,
                                       3, 3, 7, 4, 4])
        let same = conv2dTranspose(x, kernel: k, bias: Tensor([-1]), strides: (2, 2), padding: .same, relu: true)
        XCTAssertEqual(same.shape, [1, 4, 4, 1])
        XCTAssertEqual(same.scalars, [0, 0, 2, 1,
                                      0, 0, 2, 1,
                                      3, 3, 9, 5,
                                      2, 2, 6, 3])
    }

    /// conv2dTranspose is the adjoint of conv2d with the same kernel: ⟨conv2d(y, K), x⟩ = ⟨y, conv2dᵀ(x, K)⟩.
    func testIsTheAdjointOfConv2D() {
        for (shape, kernelSize, strides, padding) in [([2, 3, 4, 3], (3, 3), (2, 2), Padding.same), ([1, 4, 3, 2], (4, 4), (2, 2), .valid),
                                                      ([2, 3, 3, 2], (2, 5), (3, 1), .same), ([1, 3, 3, 16], (3, 3), (1, 1), .same)] {
            let filters = 5
            let x = Tensor.randomUniform(shape, min: -1, max: 1, seed: 1)
            let k = Tensor.randomUniform([kernelSize.0, kernelSize.1, filters, shape[3]], min: -1, max: 1, seed: 2)
            let out = conv2dTranspose(x, kernel: k, strides: strides, padding: padding)
            let y = Tensor.randomUniform(out.shape, min: -1, max: 1, seed: 3)
            let back = conv2d(y, kernel: k, strides: strides, padding: padding)
            XCTAssertEqual(back.shape, x.shape)
            let lhs = zip(back.scalars, x.scalars).reduce(0) { $0 + Double($1.0) * Double($1.1) }
            let rhs = zip(y.scalars, out.scalars).reduce(0) { $0 + Double($1.0) * Double($1.1) }
            XCTAssertEqual(lhs, rhs, accuracy: 1e-4 * max(1, abs(lhs)), "\(shape) \(kernelSize) \(strides) \(padding)")
        }
    }

    func testOutputShapesFollowKeras() {
        let x = Tensor.zeros([2, 5, 4, 3])
        XCTAssertEqual(conv2dTranspose(x, kernel: Tensor.zeros([3, 3, 6, 3])).shape, [2, 7, 6, 6])
        XCTAssertEqual(conv2dTranspose(x, kernel: Tensor.zeros([3, 3, 6, 3]), strides: (2, 2)).shape, [2, 11, 9, 6])
        XCTAssertEqual(conv2dTranspose(x, kernel: Tensor.zeros([3, 3, 6, 3]), strides: (2, 2), padding: .same).shape, [2, 10, 8, 6])
        XCTAssertEqual(conv2dTranspose(x, kernel: Tensor.zeros([1, 2, 1, 3]), strides: (3, 3)).shape, [2, 15, 12, 1])
    }

    func testGradients() {
        for (kernelShape, strides, padding, relu) in [([3, 3, 2, 3], (2, 2), Padding.same, false), ([4, 4, 2, 3], (2, 2), .valid, true),
                                                      ([2, 3, 3, 3], (1, 2), .same, true)] {
            let x = Variable(distinctInput([2, 3, 3, 3], spacing: 0.07), name: "x")
            let k = Variable(Tensor.randomUniform(kernelShape, min: -1, max: 1, seed: 5), name: "kernel")
            let b = Variable(Tensor.randomUniform([kernelShape[2]], min: -0.5, max: 0.5, seed: 6), name: "bias")
            let probe = conv2dTranspose(x.value, kernel: k.value, strides: strides, padding: padding)
            let r = Tensor.randomNormal(probe.shape, seed: 7)
            GradientCheck.assertGradientsMatch(
                of: { conv2dTranspose(x.value, kernel: k.value, bias: b.value, strides: strides, padding: padding, relu: relu) * r },
                wrt: [x, k, b], epsilon: 1e-3, tolerance: 2e-2, "\(kernelShape) \(strides) \(padding) relu=\(relu)")
        }
    }
}
