import DLCore
import DLTestSupport
import XCTest

final class ArithmeticTests: XCTestCase {
    private let a23 = Tensor.randomUniform([2, 3], min: 0.5, max: 2, seed: 1)
    private let b23 = Tensor.randomUniform([2, 3], min: 0.5, max: 2, seed: 2)
    private let b3 = Tensor.randomUniform([3], min: 0.5, max: 2, seed: 3)
    private let a21 = Tensor.randomUniform([2, 1], min: 0.5, max: 2, seed: 4)
    private let b13 = Tensor.randomUniform([1, 3], min: 0.5, max: 2, seed: 5)

    func testBroadcastingForward() {
        let x = Tensor([[1, 2, 3], [4, 5, 6]])
        XCTAssertEqual(x + Tensor([10, 20, 30]), Tensor([[11, 22, 33], [14, 25, 36]]))
        XCTAssertEqual(Tensor([[1], [2]]) * Tensor([[1, 2, 3]]), Tensor([[1, 2, 3], [2, 4, 6]]))
        XCTAssertEqual(Tensor([10, 20, 30]) - x, Tensor([[9, 18, 27], [6, 15, 24]]))
        XCTAssertEqual(x / Tensor(2), Tensor([[0.5, 1, 1.5], [2, 2.5, 3]]))
        XCTAssertEqual(x + 1, Tensor([[2, 3, 4], [5, 6, 7]]))
        XCTAssertEqual(1 - x, Tensor([[0, -1, -2], [-3, -4, -5]]))
        XCTAssertEqual(2 * x, x * 2)
        XCTAssertEqual(6 / Tensor([1, 2, 3]), Tensor([6, 3, 2]))
        XCTAssertEqual(Tensor([2, 4]) / 2, Tensor([1, 2]))
        XCTAssertEqual(-Tensor([1, -2]), Tensor([-1, 2]))
        var y = Tensor([1, 2]); y += Tensor([1, 1]); y *= Tensor([2, 3]); y -= Tensor([1, 1]); y /= Tensor([3, 8])
        XCTAssertEqual(y, Tensor([1, 1]))
    }

    func testTensorTensorGradients() {
        let pairs = [(a23, b23), (a23, b3), (b3, a23), (a21, b13), (b13, a21), (a23, Tensor(1.5)), (Tensor(0.7), b23)]
        for (a, b) in pairs {
            let context = "\(a.shape) ⊕ \(b.shape)"
            GradientCheck.assertOpGradients([a, b], "+ \(context)") { $0[0] + $0[1] }
            GradientCheck.assertOpGradients([a, b], "- \(context)") { $0[0] - $0[1] }
            GradientCheck.assertOpGradients([a, b], "* \(context)") { $0[0] * $0[1] }
            GradientCheck.assertOpGradients([a, b], "/ \(context)") { $0[0] / $0[1] }
        }
    }

    /// Binary ops skip the gradient of a constant operand; the other operand's gradient is unchanged.
    func testGradientsWithOneConstantOperand() {
        let constant = Tensor.randomUniform([2, 3], min: 0.5, max: 2, seed: 11)
        let v = Variable(b3, name: "v")
        let ops: [(String, (Tensor, Tensor) -> Tensor)] = [("+", { $0 + $1 }), ("-", { $0 - $1 }), ("*", { $0 * $1 }), ("/", { $0 / $1 })]
        for (name, op) in ops {
            GradientCheck.assertGradientsMatch(of: { op(constant, v.value) }, wrt: [v], "constant \(name) variable")
            GradientCheck.assertGradientsMatch(of: { op(v.value, constant) }, wrt: [v], "variable \(name) constant")
        }
        let m = Variable(Tensor.randomUniform([3, 2], min: -1, max: 1, seed: 12), name: "m")
        GradientCheck.assertGradientsMatch(of: { matmul(constant, m.value) }, wrt: [m], "constant · variable")
        GradientCheck.assertGradientsMatch(of: { matmul(m.value, constant) }, wrt: [m], "variable · constant")
        let bias = Variable(Tensor([0.1, 0.2]), name: "bias")
        GradientCheck.assertGradientsMatch(of: { linear(constant, m.value, bias.value) }, wrt: [m, bias], "linear, constant input")
        GradientCheck.assertGradientsMatch(of: { linear(constant, m.value.detached, bias.value) }, wrt: [bias], "linear, bias only")
        let w = Variable(Tensor([[0.4, 3, 1], [0.1, 0.6, 5]]), name: "w")
        GradientCheck.assertGradientsMatch(of: { maximum(constant, w.value) }, wrt: [w], "maximum")
        GradientCheck.assertGradientsMatch(of: { minimum(w.value, constant) }, wrt: [w], "minimum")
    }

    func testHigherRankBroadcastGradients() {
        let a = Tensor.randomUniform([2, 1, 3], min: 0.5, max: 2, seed: 6)
        let b = Tensor.randomUniform([4, 1], min: 0.5, max: 2, seed: 7)
        GradientCheck.assertOpGradients([a, b]) { $0[0] * $0[1] + $0[0] / $0[1] }
    }

    func testTensorScalarGradients() {
        GradientCheck.assertOpGradients([a23]) { $0[0] + 2 }
        GradientCheck.assertOpGradients([a23]) { 2 + $0[0] }
        GradientCheck.assertOpGradients([a23]) { $0[0] - 2 }
        GradientCheck.assertOpGradients([a23]) { 2 - $0[0] }
        GradientCheck.assertOpGradients([a23]) { $0[0] * 3 }
        GradientCheck.assertOpGradients([a23]) { 3 * $0[0] }
        GradientCheck.assertOpGradients([a23]) { $0[0] / 3 }
        GradientCheck.assertOpGradients([a23]) { 3 / $0[0] }
        GradientCheck.assertOpGradients([a23]) { -$0[0] }
    }

    /// The general broadcasting path against a naive loop over the output's multi-index.
    func testBroadcastKernelMatchesNaiveLoop() {
        let shapes: [([Int], [Int])] = [([2, 1, 3], [4, 1]), ([3, 1, 2], [1, 4, 1]), ([1, 5], [3, 1]), ([2, 3, 4], [2, 1, 4]),
                                        ([3], [2, 3]), ([1, 1, 2], [2, 2, 1]), ([2, 3], [1, 3])]
        for (sa, sb) in shapes {
            let a = Tensor.randomUniform(sa, min: -1, max: 1, seed: 8), b = Tensor.randomUniform(sb, min: -1, max: 1, seed: 9)
            guard let out = BroadcastKernels.shape(sa, sb) else { return XCTFail("\(sa) \(sb) should broadcast") }
            XCTAssertEqual((a - b).scalars, naiveBroadcast(a, b, out, -), "\(sa) - \(sb)")
            // sumToShape is the reverse: summing a ones-gradient counts how often each scalar was used.
            let grad = Tensor.randomUniform(out, min: -1, max: 1, seed: 10)
            assertScalarsClose(BroadcastKernels.sumToShape(grad.scalars, out, sb), naiveSumToShape(grad, sb), accuracy: 1e-5)
        }
        XCTAssertNil(BroadcastKernels.shape([2, 3], [2]))
    }

    private func naiveBroadcast(_ a: Tensor, _ b: Tensor, _ out: [Int], _ op: (Float, Float) -> Float) -> [Float] {
        (0..<out.reduce(1, *)).map { op(a.scalars[sourceIndex($0, out, a.shape)], b.scalars[sourceIndex($0, out, b.shape)]) }
    }

    private func naiveSumToShape(_ grad: Tensor, _ target: [Int]) -> [Float] {
        var result = [Float](repeating: 0, count: target.reduce(1, *))
        for i in 0..<grad.scalarCount { result[sourceIndex(i, grad.shape, target)] += grad.scalars[i] }
        return result
    }

    /// The row-major index into `shape` of output position `flat` in `out` under broadcasting.
    private func sourceIndex(_ flat: Int, _ out: [Int], _ shape: [Int]) -> Int {
        var rest = flat, index = 0, step = 1
        for d in stride(from: out.count - 1, through: 0, by: -1) {
            let coordinate = rest % out[d]; rest /= out[d]
            let sd = d - (out.count - shape.count)
            guard sd >= 0 else { continue }
            if shape[sd] != 1 { index += coordinate * step }
            step *= shape[sd]
        }
        return index
    }
}
