import DLCore
import DLTestSupport
import XCTest

final class Im2ColTests: XCTestCase {
    func testMatchesReferenceOnOddShapes() {
        var checked = 0
        for shape in [[2, 5, 7, 3], [1, 4, 4, 1], [3, 6, 5, 2], [1, 7, 6, 6], [2, 9, 8, 1]] {
            for kernel in [(1, 1), (2, 3), (3, 3), (3, 1), (5, 5)] {
                for strides in [(1, 1), (2, 2), (3, 3), (1, 3)] {
                    for padding in Padding.allCases where padding == .same || (kernel.0 <= shape[1] && kernel.1 <= shape[2]) {
                        let g = WindowGeometry(inputShape: shape, kernel: kernel, strides: strides, padding: padding)
                        let x = Tensor.randomUniform(shape, min: -1, max: 1, seed: UInt64(checked)).scalars
                        var cols = [Float](repeating: .nan, count: g.outputPositions * g.patchSize)
                        x.withUnsafeBufferPointer { xp in cols.withUnsafeMutableBufferPointer { Im2Col.im2col(xp, g, into: $0) } }
                        let context = "\(shape) \(kernel) \(strides) \(padding)"
                        XCTAssertEqual(cols, Im2Col.referenceIm2col(x, g), context)

                        let dCols = Tensor.randomUniform([cols.count], min: -1, max: 1, seed: 99).scalars
                        var dx = [Float](repeating: .nan, count: x.count)
                        dCols.withUnsafeBufferPointer { cp in dx.withUnsafeMutableBufferPointer { Im2Col.col2im(cp, g, into: $0) } }
                        assertScalarsClose(dx, Im2Col.referenceCol2im(dCols, g), accuracy: 1e-5, context)
                        checked += 1
                    }
                }
            }
        }
        XCTAssertGreaterThan(checked, 80)
    }

    /// col2im is the adjoint of im2col: ⟨im2col(x), c⟩ = ⟨x, col2im(c)⟩.
    func testCol2imIsAdjoint() {
        let g = WindowGeometry(inputShape: [2, 6, 5, 3], kernel: (3, 2), strides: (2, 1), padding: .same)
        let x = Tensor.randomUniform([2 * g.sampleSize], min: -1, max: 1, seed: 1).scalars
        let c = Tensor.randomUniform([g.outputPositions * g.patchSize], min: -1, max: 1, seed: 2).scalars
        let lhs = zip(Im2Col.referenceIm2col(x, g), c).reduce(0.0) { $0 + Double($1.0 * $1.1) }
        let rhs = zip(x, Im2Col.referenceCol2im(c, g)).reduce(0.0) { $0 + Double($1.0 * $1.1) }
        XCTAssertEqual(lhs, rhs, accuracy: 1e-3)
    }

    func testLargeBatchSplitAcrossCoresMatchesReference() {
        let shape = [16, 12, 12, 8]
        let g = WindowGeometry(inputShape: shape, kernel: (3, 3), strides: (1, 1), padding: .same)
        let x = Tensor.randomUniform(shape, min: -1, max: 1, seed: 3).scalars
        var cols = [Float](repeating: 0, count: g.outputPositions * g.patchSize)
        x.withUnsafeBufferPointer { xp in cols.withUnsafeMutableBufferPointer { Im2Col.im2col(xp, g, into: $0) } }
        XCTAssertEqual(cols, Im2Col.referenceIm2col(x, g))
        var dx = [Float](repeating: 0, count: x.count)
        cols.withUnsafeBufferPointer { cp in dx.withUnsafeMutableBufferPointer { Im2Col.col2im(cp, g, into: $0) } }
        assertScalarsClose(dx, Im2Col.referenceCol2im(cols, g), accuracy: 1e-4)
    }
}
