import DLCore
import DLTestSupport
import XCTest

final class ShapeTests: XCTestCase {
    private let x = Tensor(shape: [3, 2, 2], scalars: (0..<12).map(Float.init))

    func testForwardValues() {
        XCTAssertEqual(x.reshaped([4, -1]).shape, [4, 3])
        XCTAssertEqual(x.reshaped([12]).scalars, x.scalars)
        XCTAssertEqual(Tensor([[1, 2, 3], [4, 5, 6]]).transposed(), Tensor([[1, 4], [2, 5], [3, 6]]))
        XCTAssertEqual(x[1], Tensor([[4, 5], [6, 7]]))
        XCTAssertEqual(x[1..<3].shape, [2, 2, 2])
        XCTAssertEqual(x[1..<3].scalars, Array((4..<12).map(Float.init)))
        XCTAssertEqual(x.slice(axis: 2, 1..<2).scalars, [1, 3, 5, 7, 9, 11])
        XCTAssertEqual(x.slice(axis: -2, 0..<1).shape, [3, 1, 2])
        XCTAssertEqual(x.gathering(rows: [2, 0]).scalars, [8, 9, 10, 11, 0, 1, 2, 3])
        let a = Tensor([[1, 2], [3, 4]]), b = Tensor([[5], [6]])
        XCTAssertEqual(concatenate([a, b]), Tensor([[1, 2, 5], [3, 4, 6]]))
        XCTAssertEqual(concatenate([a, a], axis: 0).shape, [4, 2])
    }

    func testGradients() {
        let t = Tensor.randomUniform([3, 2, 4], min: -1, max: 1, seed: 1)
        GradientCheck.assertOpGradients([t], "reshaped") { $0[0].reshaped([6, -1]) }
        GradientCheck.assertOpGradients([t], "transposed") { $0[0].reshaped([6, 4]).transposed() }
        GradientCheck.assertOpGradients([t], "subscript index") { $0[0][1] }
        GradientCheck.assertOpGradients([t], "subscript range") { $0[0][1..<3] }
        for axis in [0, 1, 2] {
            GradientCheck.assertOpGradients([t], "slice axis \(axis)") { $0[0].slice(axis: axis, 1..<2) }
        }
        let u = Tensor.randomUniform([3, 2, 1], min: -1, max: 1, seed: 2)
        let v = Tensor.randomUniform([3, 2, 3], min: -1, max: 1, seed: 3)
        GradientCheck.assertOpGradients([t, u, v], "concatenate last axis") { concatenate($0) }
        let w = Tensor.randomUniform([1, 2, 4], min: -1, max: 1, seed: 4)
        GradientCheck.assertOpGradients([t, w], "concatenate axis 0") { concatenate($0, axis: 0) }
        GradientCheck.assertOpGradients([t, t], "concatenate middle axis") { concatenate($0, axis: 1) }
    }

    func testShapeResolutionInfersOneDimensionOrRefuses() {
        XCTAssertEqual(ShapeResolution.resolving([-1, 4], count: 12), [3, 4])
        XCTAssertEqual(ShapeResolution.resolving([2, 6], count: 12), [2, 6])
        XCTAssertEqual(ShapeResolution.resolving([0, -1], count: 0), nil, "-1 beside a zero dimension is ambiguous")
        XCTAssertNil(ShapeResolution.resolving([-1, 5], count: 12))
        XCTAssertNil(ShapeResolution.resolving([3, 5], count: 12))
        XCTAssertNil(ShapeResolution.resolving([-2, -6], count: 12))
    }
}
