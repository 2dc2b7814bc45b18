import DLCore
import DLTestSupport
import XCTest

final class ReductionTests: XCTestCase {
    private let x = Tensor(shape: [2, 3], scalars: [1, 5, 3, 4, 2, 6])

    func testForwardValues() {
        XCTAssertEqual(x.sum(), Tensor(21))
        XCTAssertEqual(x.sum(axis: 0), Tensor([5, 7, 9]))
        XCTAssertEqual(x.sum(axis: 1, keepDims: true), Tensor([[9], [12]]))
        XCTAssertEqual(x.sum(keepDims: true).shape, [1, 1])
        XCTAssertEqual(x.mean(), Tensor(3.5))
        XCTAssertEqual(x.mean(axis: -1), Tensor([3, 4]))
        XCTAssertEqual(x.max(), Tensor(6))
        XCTAssertEqual(x.max(axis: 0), Tensor([4, 5, 6]))
        XCTAssertEqual(x.max(axis: 1, keepDims: true), Tensor([[5], [6]]))
        XCTAssertEqual(x.min(axis: 1), Tensor([1, 2]))
        XCTAssertEqual(x.argmax(), Tensor([1, 2]))
        XCTAssertEqual(x.argmax(axis: 0), Tensor([1, 0, 1]))
        XCTAssertEqual(Tensor([3, 7, 7]).argmax(), Tensor(1), "first maximum wins")
    }

    func testGradients() {
        let t = Tensor.randomUniform([2, 3, 4], min: -1, max: 1, seed: 1)
        // Distinct values, spaced well beyond the finite-difference step, for max.
        let distinct = Tensor(shape: [2, 3, 4], scalars: (0..<24).map { Float(($0 * 7) % 24) * 0.1 - 1 })
        GradientCheck.assertOpGradients([t], "sum all") { $0[0].sum() }
        GradientCheck.assertOpGradients([t], "mean all keepDims") { $0[0].mean(keepDims: true) }
        GradientCheck.assertOpGradients([distinct], "max all") { $0[0].max() }
        GradientCheck.assertOpGradients([distinct], "min all") { $0[0].min() }
        for axis in [0, 1, 2, -1] {
            for keepDims in [false, true] {
                let context = "axis \(axis) keepDims \(keepDims)"
                GradientCheck.assertOpGradients([t], "sum \(context)") { $0[0].sum(axis: axis, keepDims: keepDims) }
                GradientCheck.assertOpGradients([t], "mean \(context)") { $0[0].mean(axis: axis, keepDims: keepDims) }
                GradientCheck.assertOpGradients([distinct], "max \(context)") { $0[0].max(axis: axis, keepDims: keepDims) }
                GradientCheck.assertOpGradients([distinct], "min \(context)") { $0[0].min(axis: axis, keepDims: keepDims) }
            }
        }
    }

    func testSumKernelMatchesReference() {
        for (outer, length, inner) in [(1, 1, 1), (3, 5, 7), (1, 17, 1), (4, 1, 9), (2, 33, 3)] {
            let values = Tensor.randomUniform([outer * length * inner], min: -1, max: 1, seed: 2).scalars
            var out = [Float](repeating: .nan, count: outer * inner)
            values.withUnsafeBufferPointer { x in out.withUnsafeMutableBufferPointer { ReductionKernels.sum(x, outer: outer, length: length, inner: inner, into: $0) } }
            assertScalarsClose(out, ReductionKernels.referenceSum(values, outer: outer, length: length, inner: inner), accuracy: 1e-5)
        }
    }

    func testMaxKernelReturnsFirstArgmax() {
        let values: [Float] = [1, 9, 9, 2, 0, 5]   // [outer 1, length 3, inner 2]
        var out = [Float](repeating: 0, count: 2), index = [Int32](repeating: -1, count: 2)
        values.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in index.withUnsafeMutableBufferPointer { ReductionKernels.max(x, outer: 1, length: 3, inner: 2, into: o, argmax: $0) } }
        }
        XCTAssertEqual(out, [9, 9])
        XCTAssertEqual(index, [1, 0])
    }
}
