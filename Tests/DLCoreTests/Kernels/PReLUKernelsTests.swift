import DLCore
import DLTestSupport
import XCTest

/// The PReLU kernels against the formula, scalar by scalar, on odd sizes and on one large enough
/// to be split over the workers.
final class PReLUKernelsTests: XCTestCase {
    func testMatchesFormula() {
        for (rows, columns) in [(1, 1), (3, 7), (5, 13), (700, 129)] {
            let x = Tensor.randomNormal([rows * columns], seed: 1).scalars
            let alpha = Tensor.randomNormal([columns], seed: 2).scalars
            let grad = Tensor.randomNormal([rows * columns], seed: 3).scalars
            var out = [Float](repeating: .nan, count: x.count), dx = out
            var dAlpha = [Float](repeating: .nan, count: columns)
            x.withUnsafeBufferPointer { xp in alpha.withUnsafeBufferPointer { ap in grad.withUnsafeBufferPointer { gp in
                out.withUnsafeMutableBufferPointer {
                    PReLUKernels.forward(xp.baseAddress!, alpha: ap.baseAddress!, into: $0.baseAddress!, rows: rows, columns: columns)
                }
                dx.withUnsafeMutableBufferPointer {
                    PReLUKernels.inputGradient(gp.baseAddress!, x: xp.baseAddress!, alpha: ap.baseAddress!, into: $0.baseAddress!,
                                               rows: rows, columns: columns)
                }
                dAlpha.withUnsafeMutableBufferPointer {
                    PReLUKernels.alphaGradient(gp.baseAddress!, x: xp.baseAddress!, into: $0.baseAddress!, rows: rows, columns: columns)
                }
            } } }
            var expectedAlpha = [Double](repeating: 0, count: columns)
            for i in 0..<x.count {
                let j = i % columns
                XCTAssertEqual(out[i], x[i] > 0 ? x[i] : alpha[j] * x[i])
                XCTAssertEqual(dx[i], x[i] > 0 ? grad[i] : alpha[j] * grad[i])
                if x[i] <= 0 { expectedAlpha[j] += Double(grad[i]) * Double(x[i]) }
            }
            for j in 0..<columns {
                XCTAssertEqual(Double(dAlpha[j]), expectedAlpha[j], accuracy: 1e-4 * Swift.max(1, Swift.abs(expectedAlpha[j])))
            }
        }
    }
}
