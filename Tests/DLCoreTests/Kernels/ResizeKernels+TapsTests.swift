import DLCore
import DLTestSupport
import XCTest

/// The weighted resample kernel against its naive 2-D reference, with the taps of every interpolation.
final class ResizeKernelsTapsTests: XCTestCase {
    /// Runs the kernel along the width and then the height, forward; the adjoint in the reverse order.
    func testWeightedMatchesReference() {
        let cases: [([Int], (Int, Int))] = [([2, 3, 4, 2], (6, 8)), ([1, 7, 5, 3], (3, 4)), ([2, 5, 8, 1], (10, 3)),
                                            ([1, 4, 4, 9], (4, 4)), ([1, 1, 3, 2], (2, 6))]
        for interpolation in ResizeInterpolation.allCases {
            for (shape, (outHeight, outWidth)) in cases {
                let rows = ResizeTaps.make(interpolation, length: shape[1], outputLength: outHeight)
                let columns = ResizeTaps.make(interpolation, length: shape[2], outputLength: outWidth)
                let x = Tensor.randomUniform(shape, min: -1, max: 1, seed: 5).scalars
                let mid = run(x, [shape[0], shape[1], shape[2], shape[3]], axis: 2, taps: columns, forward: true)
                let out = run(mid, [shape[0], shape[1], outWidth, shape[3]], axis: 1, taps: rows, forward: true)
                let context = "\(interpolation) \(shape) → \(outHeight)×\(outWidth)"
                assertScalarsClose(out, ResizeKernels.referenceWeighted2D(x, shape: shape, rows: rows, columns: columns),
                                   accuracy: 1e-5, context)

                let grad = Tensor.randomUniform([shape[0], outHeight, outWidth, shape[3]], min: -1, max: 1, seed: 6).scalars
                let dMid = run(grad, [shape[0], shape[1], outWidth, shape[3]], axis: 1, taps: rows, forward: false)
                let dx = run(dMid, shape, axis: 2, taps: columns, forward: false)
                assertScalarsClose(dx, ResizeKernels.referenceWeighted2DBackward(grad, shape: shape, rows: rows, columns: columns),
                                   accuracy: 1e-5, "backward " + context)
            }
        }
    }

    /// Forward: x has the input shape `shape` with the `axis` length of the source; backward: `shape`
    /// is the shape of dx (the source), and the input is the gradient.
    private func run(_ x: [Float], _ shape: [Int], axis: Int, taps: ResizeKernels.WeightedTaps, forward: Bool) -> [Float] {
        let outer = shape[..<axis].reduce(1, *), inner = shape[(axis + 1)...].reduce(1, *)
        let length = forward ? x.count / (outer * inner) : shape[axis]
        let count = forward ? outer * taps.outputLength * inner : outer * length * inner
        var out = [Float](repeating: .nan, count: count)
        x.withUnsafeBufferPointer { xp in
            out.withUnsafeMutableBufferPointer { op in
                if forward {
                    ResizeKernels.weightedForward(xp, outer: outer, length: length, inner: inner, taps: taps, into: op)
                } else {
                    ResizeKernels.weightedBackward(xp, outer: outer, length: length, inner: inner, taps: taps, into: op)
                }
            }
        }
        return out
    }
}
