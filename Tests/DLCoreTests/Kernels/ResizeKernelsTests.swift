import DLCore
import DLTestSupport
import XCTest

/// The one-axis resize kernels, run along the height and then the width (nearest) or the width and
/// then the height (bilinear), against the naive 2-D references written as TensorFlow writes them.
final class ResizeKernelsTests: XCTestCase {
    /// Runs `kernel(x, outer, length, inner, out)` along `axis` of the NHWC `shape` to `outputLength`.
    private func alongAxis(_ x: [Float], _ shape: [Int], axis: Int, outputLength: Int,
                           _ kernel: (UnsafeBufferPointer<Float>, Int, Int, Int, UnsafeMutableBufferPointer<Float>) -> Void)
        -> (values: [Float], shape: [Int]) {
        let outer = shape[..<axis].reduce(1, *), inner = shape[(axis + 1)...].reduce(1, *)
        var outShape = shape
        outShape[axis] = outputLength
        var out = [Float](repeating: .nan, count: outShape.reduce(1, *))
        x.withUnsafeBufferPointer { xp in out.withUnsafeMutableBufferPointer { kernel(xp, outer, shape[axis], inner, $0) } }
        return (out, outShape)
    }

    func testNearestMatchesReference() {
        for (shape, size) in [([2, 3, 4, 2], (2, 2)), ([1, 2, 3, 1], (2, 3)), ([3, 4, 2, 9], (3, 1)), ([2, 1, 1, 3], (1, 4))] {
            let x = Tensor.randomUniform(shape, min: -1, max: 1, seed: 1).scalars
            let rows = alongAxis(x, shape, axis: 1, outputLength: shape[1] * size.0) {
                ResizeKernels.repeatForward($0, outer: $1, length: $2, inner: $3, times: size.0, into: $4)
            }
            let out = alongAxis(rows.values, rows.shape, axis: 2, outputLength: shape[2] * size.1) {
                ResizeKernels.repeatForward($0, outer: $1, length: $2, inner: $3, times: size.1, into: $4)
            }
            XCTAssertEqual(out.values, ResizeKernels.referenceNearest2D(x, shape: shape, size: size), "\(shape) \(size)")

            // Backward: the adjoint, width first.
            let grad = Tensor.randomUniform(out.shape, min: -1, max: 1, seed: 2).scalars
            let dRows = alongAxis(grad, out.shape, axis: 2, outputLength: shape[2]) {
                ResizeKernels.repeatBackward($0, outer: $1, length: $4.count / ($1 * $3), inner: $3, times: size.1, into: $4)
            }
            let dx = alongAxis(dRows.values, dRows.shape, axis: 1, outputLength: shape[1]) {
                ResizeKernels.repeatBackward($0, outer: $1, length: $4.count / ($1 * $3), inner: $3, times: size.0, into: $4)
            }
            assertScalarsClose(dx.values, ResizeKernels.referenceNearest2DBackward(grad, shape: shape, size: size),
                               accuracy: 1e-5, "nearest backward \(shape) \(size)")
        }
    }

    func testBilinearMatchesReference() {
        let cases: [([Int], (Int, Int))] = [([2, 3, 4, 2], (6, 8)), ([1, 4, 3, 3], (8, 9)), ([2, 5, 2, 1], (15, 2)),
                                            ([1, 1, 3, 2], (2, 6)), ([1, 6, 5, 9], (3, 4)), ([1, 2, 2, 1], (7, 5))]
        for (shape, (outHeight, outWidth)) in cases {
            let x = Tensor.randomUniform(shape, min: -1, max: 1, seed: 3).scalars
            let columns = alongAxis(x, shape, axis: 2, outputLength: outWidth) {
                let taps = ResizeKernels.LinearTaps(length: $2, outputLength: outWidth)
                ResizeKernels.linearForward($0, outer: $1, length: $2, inner: $3, taps: taps, into: $4)
            }
            let out = alongAxis(columns.values, columns.shape, axis: 1, outputLength: outHeight) {
                let taps = ResizeKernels.LinearTaps(length: $2, outputLength: outHeight)
                ResizeKernels.linearForward($0, outer: $1, length: $2, inner: $3, taps: taps, into: $4)
            }
            // The same float operations in the same order as TensorFlow's formula: equal, not close.
            XCTAssertEqual(out.values, ResizeKernels.referenceBilinear2D(x, shape: shape, outHeight: outHeight, outWidth: outWidth),
                           "\(shape) → \(outHeight)×\(outWidth)")

            // Backward: height's adjoint first, then width's.
            let grad = Tensor.randomUniform(out.shape, min: -1, max: 1, seed: 4).scalars
            let dColumns = alongAxis(grad, out.shape, axis: 1, outputLength: shape[1]) { g, outer, _, inner, dx in
                let taps = ResizeKernels.LinearTaps(length: shape[1], outputLength: outHeight)
                ResizeKernels.linearBackward(g, outer: outer, length: shape[1], inner: inner, taps: taps, into: dx)
            }
            let dx = alongAxis(dColumns.values, dColumns.shape, axis: 2, outputLength: shape[2]) { g, outer, _, inner, dx in
                let taps = ResizeKernels.LinearTaps(length: shape[2], outputLength: outWidth)
                ResizeKernels.linearBackward(g, outer: outer, length: shape[2], inner: inner, taps: taps, into: dx)
            }
            assertScalarsClose(dx.values, ResizeKernels.referenceBilinear2DBackward(grad, shape: shape, outHeight: outHeight,
                                                                                    outWidth: outWidth),
                               accuracy: 1e-5, "bilinear backward \(shape) → \(outHeight)×\(outWidth)")
        }
    }

    /// TensorFlow's half-pixel taps for ×2: sources −0.25, 0.25, 0.75, 1.25, ... clamped at the edges.
    func testLinearTapsForDoubling() {
        let taps = ResizeKernels.LinearTaps(length: 3, outputLength: 6)
        XCTAssertEqual(taps.lower, [0, 0, 0, 1, 1, 2])
        XCTAssertEqual(taps.upper, [0, 1, 1, 2, 2, 2])
        XCTAssertEqual(taps.weight, [0.75, 0.25, 0.75, 0.25, 0.75, 0.25])
    }
}
