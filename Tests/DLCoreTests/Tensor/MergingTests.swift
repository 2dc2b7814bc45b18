import DLCore
import DLTestSupport
import XCTest

/// The n-ary merge ops: worked examples, gradients against central differences w.r.t. every
/// input, constants left without gradient, and traps on mismatched shapes.
final class MergingTests: XCTestCase {
    private let a = Tensor(shape: [2, 2], scalars: [1, -2, 3, 0.5])
    private let b = Tensor(shape: [2, 2], scalars: [0.5, 4, -1, 0.5])
    private let c = Tensor(shape: [2, 2], scalars: [2, 1, 3, -2])

    func testWorkedExamples() {
        XCTAssertEqual(elementwiseSum([a, b, c]).scalars, [3.5, 3, 5, -1])
        XCTAssertEqual(elementwiseAverage([a, b]).scalars, [0.75, 1, 1, 0.5])
        XCTAssertEqual(elementwiseProduct([a, b, c]).scalars, [1, -8, -9, -0.5])
        XCTAssertEqual(elementwiseMaximum([a, b, c]).scalars, [2, 4, 3, 0.5])
        XCTAssertEqual(l1Distance(a, b).scalars, [0.5, 6, 4, 0])
        XCTAssertEqual(elementwiseSum([a]).scalars, a.scalars)
    }

    func testGradientsMatchCentralDifferences() {
        let shapes = [[3, 4], [3, 4], [3, 4]]
        let xs = distinctInputs(shapes, spacing: 0.1).map { $0 + 0.05 }
        let vars = xs.enumerated().map { Variable($0.element, name: "x\($0.offset)") }
        let r = Tensor.randomNormal([3, 4], seed: 2)
        GradientCheck.assertGradientsMatch(of: { elementwiseSum(vars.map(\.value)) * r }, wrt: vars, "sum")
        GradientCheck.assertGradientsMatch(of: { elementwiseAverage(vars.map(\.value)) * r }, wrt: vars, "average")
        GradientCheck.assertGradientsMatch(of: { elementwiseProduct(vars.map(\.value)) * r }, wrt: vars, "product")
        GradientCheck.assertGradientsMatch(of: { elementwiseMaximum(vars.map(\.value)) * r }, wrt: vars, "maximum")
        GradientCheck.assertGradientsMatch(of: { l1Distance(vars[0].value, vars[1].value) * r }, wrt: Array(vars.prefix(2)), "l1")
    }

    func testSumReLUIsTheReLUOfTheSumWithItsGradients() {
        XCTAssertEqual(elementwiseSumReLU([a, b, c]).scalars, [3.5, 3, 5, 0])
        let xs = distinctInputs([[3, 5], [3, 5]], spacing: 0.1).map { $0 + 0.05 }
        XCTAssertEqual(elementwiseSumReLU(xs), relu(elementwiseSum(xs)))
        // Away from the kink (no sum within 0.05 of 0), central differences apply.
        XCTAssertGreaterThan(elementwiseSum(xs).scalars.map { Swift.abs($0) }.min() ?? 0, 0.05)
        let vars = xs.enumerated().map { Variable($0.element, name: "x\($0.offset)") }
        let r = Tensor.randomNormal([3, 5], seed: 4)
        GradientCheck.assertGradientsMatch(of: { elementwiseSumReLU(vars.map(\.value)) * r }, wrt: vars, epsilon: 1e-2, "sum relu")
        let (_, fused) = valueWithGradient(wrt: vars) { (elementwiseSumReLU(vars.map(\.value)) * r).sum() }
        let (_, composed) = valueWithGradient(wrt: vars) { (relu(elementwiseSum(vars.map(\.value))) * r).sum() }
        XCTAssertEqual(fused.map(\.scalars), composed.map(\.scalars))
    }

    func testConstantInputsGetNoGradientAndTheOthersTheirs() {
        let v = Variable(a, name: "a")
        let (_, grads) = valueWithGradient(wrt: [v]) { l1Distance(b, v.value).sum() }
        XCTAssertEqual(grads[0].scalars, [1, -1, 1, 0])   // −sign(b − a)
        let (_, maxGrads) = valueWithGradient(wrt: [v]) { elementwiseMaximum([b, v.value, c]).sum() }
        // a wins element 2 (its tie with c goes to a, the earlier input) and loses its tie with b at element 3.
        XCTAssertEqual(maxGrads[0].scalars, [0, 0, 1, 0])
    }

    func testConcatenateGivesEachTrackedInputItsSliceOfTheGradient() {
        let v = Variable(Tensor([[1, 2], [3, 4]]), name: "v")
        let weights = Tensor([[1, 2, 3, 4, 5], [6, 7, 8, 9, 10]])
        let (_, grads) = valueWithGradient(wrt: [v]) { (concatenate([c, v.value, Tensor([[0], [0]])], axis: 1) * weights).sum() }
        XCTAssertEqual(grads[0], Tensor([[3, 4], [8, 9]]))
    }

    func testMovingAxisAndItsGradient() {
        let x = Tensor(shape: [2, 3, 4], scalars: (0..<24).map(Float.init))
        let moved = x.movingAxis(0, to: 2)
        XCTAssertEqual(moved.shape, [3, 4, 2])
        XCTAssertEqual(moved.scalars.prefix(4), [0, 12, 1, 13])
        let back = moved.movingAxis(-1, to: 0)
        XCTAssertEqual(back, x)
        XCTAssertEqual(x.movingAxis(2, to: 1).shape, [2, 4, 3])
        XCTAssertEqual(x.movingAxis(2, to: 1).scalars.prefix(4), [0, 4, 8, 1])
        let v = Variable(distinctInput([2, 3, 4]), name: "x")
        let r = Tensor.randomNormal([4, 2, 3], seed: 1)
        GradientCheck.assertGradientsMatch(of: { v.value.movingAxis(2, to: 0) * r }, wrt: [v], "moveaxis")
    }

    func testMismatchedShapesTrapNamingBoth() {
        assertTraps(stderrContains: ["elementwiseSum", "[2, 3]", "[3, 2]"]) {
            _ = elementwiseSum([Tensor.zeros([2, 3]), Tensor.zeros([3, 2])])
        }
    }
}
