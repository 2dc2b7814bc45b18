import DLCore
import DLTestSupport
import XCTest

/// The batch normalization kernels against their naive references, on odd shapes, on both
/// layouts (channels-last `inner == 1` and a middle axis) and on tensors large enough to be split
/// across the workers.
final class BatchNormKernelsTests: XCTestCase {
    /// `[outer, channels, inner]` layouts: channels-last (odd sizes), a middle axis, one channel,
    /// one row, and two large ones that take the chunked, parallel path.
    private let layouts = [(7, 5, 1), (3, 4, 5), (13, 1, 1), (1, 6, 1), (2, 3, 11), (9, 1, 7), (4099, 19, 1), (5, 7, 2053)]

    private func values(_ count: Int, seed: UInt64, offset: Float = 0) -> [Float] {
        Tensor.randomNormal([count], mean: offset, stddev: 1.3, seed: seed).scalars
    }

    private func moments(_ x: [Float], _ outer: Int, _ channels: Int, _ inner: Int) -> (mean: [Float], variance: [Float]) {
        var mean = [Float](repeating: 0, count: channels), variance = [Float](repeating: 0, count: channels)
        BatchNormKernels.moments(x, outer: outer, channels: channels, inner: inner, mean: &mean, variance: &variance)
        return (mean, variance)
    }

    func testMomentsMatchTheTwoPassReference() {
        for (index, (outer, channels, inner)) in layouts.enumerated() {
            let x = values(outer * channels * inner, seed: UInt64(index + 1), offset: 0.7)
            let fast = moments(x, outer, channels, inner)
            let reference = BatchNormKernels.referenceMoments(x, outer: outer, channels: channels, inner: inner)
            assertScalarsClose(fast.mean, reference.mean, accuracy: 1e-5, "mean \([outer, channels, inner])")
            assertScalarsClose(fast.variance, reference.variance, accuracy: 1e-5, "variance \([outer, channels, inner])")
        }
    }

    func testMomentsStayAccurateFarFromZeroAndAreZeroForConstants() {
        // A mean 10⁴ standard deviations away: sums of squares around 0 would lose the variance.
        let x = values(3 * 500, seed: 3).map { $0 * 0.01 + 100 }
        let fast = moments(x, 500, 3, 1)
        let reference = BatchNormKernels.referenceMoments(x, outer: 500, channels: 3, inner: 1)
        assertScalarsClose(fast.variance, reference.variance, accuracy: 2e-6)
        XCTAssertEqual(moments([Float](repeating: 4.25, count: 12), 4, 3, 1).variance, [0, 0, 0])
        XCTAssertEqual(moments([1, 2, 3, 5], 2, 1, 2).mean, [2.75])
        XCTAssertEqual(moments([1, 2, 3, 5], 2, 1, 2).variance, [2.1875])
    }

    func testLargeReductionsAreTheSameOnEveryRun() {
        let (outer, channels, inner) = (4099, 19, 1)
        let x = values(outer * channels * inner, seed: 8)
        let first = moments(x, outer, channels, inner)
        for _ in 0..<3 {
            let again = moments(x, outer, channels, inner)
            XCTAssertEqual(again.mean, first.mean)
            XCTAssertEqual(again.variance, first.variance)
        }
    }

    func testForwardAndBackwardOpsMatchTheReferences() {
        for (index, (outer, channels, inner)) in layouts.enumerated() {
            let count = outer * channels * inner
            let x = values(count, seed: UInt64(20 + index), offset: -0.4)
            let g = values(count, seed: UInt64(40 + index))
            let gamma = values(channels, seed: UInt64(60 + index)), beta = values(channels, seed: UInt64(80 + index))
            let epsilon: Float = 0.001
            let shape = [outer, channels, inner]
            let xv = Variable(Tensor(shape: shape, scalars: x), name: "x")
            let gv = Variable(Tensor(gamma), name: "gamma"), bv = Variable(Tensor(beta), name: "beta")
            let (y, gradients) = valueWithGradient(wrt: [xv, gv, bv]) {
                (batchNormalization(xv.value, gamma: gv.value, beta: bv.value, axis: 1, epsilon: epsilon).output
                    * Tensor(shape: shape, scalars: g)).sum()
            }
            XCTAssertTrue(y.scalar.isFinite)
            let stats = BatchNormKernels.referenceMoments(x, outer: outer, channels: channels, inner: inner)
            let expected = BatchNormKernels.referenceNormalize(x, outer: outer, channels: channels, inner: inner, mean: stats.mean,
                                                               variance: stats.variance, gamma: gamma, beta: beta, epsilon: epsilon)
            let output = batchNormalization(Tensor(shape: shape, scalars: x), gamma: Tensor(gamma), beta: Tensor(beta),
                                            axis: 1, epsilon: epsilon).output
            assertScalarsClose(output.scalars, expected, accuracy: 2e-5, "forward \(shape)")
            let reference = BatchNormKernels.referenceBatchStatisticsGradient(g, x, outer: outer, channels: channels, inner: inner,
                                                                              gamma: gamma, epsilon: epsilon)
            assertScalarsClose(gradients[0].scalars, reference.dx, accuracy: 2e-4, "dx \(shape)")
            let sumScale = Float(outer * inner).squareRoot()
            assertScalarsClose(gradients[1].scalars, reference.dGamma, accuracy: 2e-5 * sumScale * 10, "dgamma \(shape)")
            assertScalarsClose(gradients[2].scalars, reference.dBeta, accuracy: 2e-5 * sumScale * 10, "dbeta \(shape)")
        }
    }
}
