import DLCore
import DLTestSupport
import XCTest

final class MatMulTests: XCTestCase {
    func testForward() {
        let a = Tensor([[1, 2], [3, 4], [5, 6]])
        let b = Tensor([[1, 0, 2], [0, 1, 3]])
        XCTAssertEqual(matmul(a, b), Tensor([[1, 2, 8], [3, 4, 18], [5, 6, 28]]))
        XCTAssertEqual(matmul(b, transposeA: true, a, transposeB: true), matmul(b.transposed(), a.transposed()))
        let batched = matmul(Tensor(shape: [2, 1, 2], scalars: [1, 2, 3, 4]), Tensor(shape: [2, 2, 1], scalars: [1, 1, 2, 0]))
        XCTAssertEqual(batched, Tensor(shape: [2, 1, 1], scalars: [3, 6]))
    }

    func testGradientsAllTransposeCombinations() {
        for transposeA in [false, true] {
            for transposeB in [false, true] {
                let a = Tensor.randomUniform(transposeA ? [4, 3] : [3, 4], min: -1, max: 1, seed: 1)
                let b = Tensor.randomUniform(transposeB ? [5, 4] : [4, 5], min: -1, max: 1, seed: 2)
                GradientCheck.assertOpGradients([a, b], "tA \(transposeA) tB \(transposeB)") {
                    matmul($0[0], transposeA: transposeA, $0[1], transposeB: transposeB)
                }
                let ba = Tensor.randomUniform([2] + a.shape, min: -1, max: 1, seed: 3)
                let bb = Tensor.randomUniform([2] + b.shape, min: -1, max: 1, seed: 4)
                GradientCheck.assertOpGradients([ba, bb], "batched tA \(transposeA) tB \(transposeB)") {
                    matmul($0[0], transposeA: transposeA, $0[1], transposeB: transposeB)
                }
            }
        }
    }

    func testLinear() {
        let x = Tensor.randomUniform([3, 4], min: -1, max: 1, seed: 5)
        let k = Tensor.randomUniform([4, 2], min: -1, max: 1, seed: 6)
        let b = Tensor([0.5, -1])
        assertTensorsClose(linear(x, k, b), matmul(x, k) + b)
        assertTensorsClose(linear(x, k, nil), matmul(x, k))
        GradientCheck.assertOpGradients([x, k, b], "with bias") { linear($0[0], $0[1], $0[2]) }
        GradientCheck.assertOpGradients([x, k], "without bias") { linear($0[0], $0[1], nil) }
    }

    func testEmptyDimensions() {
        XCTAssertEqual(matmul(Tensor.zeros([0, 3]), Tensor.ones([3, 2])).shape, [0, 2])
        XCTAssertEqual(matmul(Tensor.zeros([2, 0]), Tensor.ones([0, 3])), Tensor.zeros([2, 3]))
        XCTAssertEqual(linear(Tensor.zeros([0, 3]), Tensor.ones([3, 2]), Tensor.ones([2])).shape, [0, 2])
        XCTAssertEqual(linear(Tensor.zeros([2, 0]), Tensor.ones([0, 3]), Tensor([1, 2, 3])), Tensor([[1, 2, 3], [1, 2, 3]]))
    }
}
