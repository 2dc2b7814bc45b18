import DLCore
import DLTestSupport
import XCTest

/// The batch normalization kernels against their naive references, on odd shapes, on both
/// layouts (channels-last `inner == 1` and a middle axis) and on tensors large enough to be split
/// across the workers.
final class BatchNormKernelsTests: XCTestCase {
    /// `[outer, channels, inner]` layouts: channels-last (odd sizes), a middle axis, one channel,
    /// one row, and two large ones that take the chunked, parallel path.
    private let layouts = [(7, 5, 1), (3, 4, 5), (13, 1, 1), (1, 6, 1), (2, 3, 11), (9, 1, 7), (4099, 19, 1), (5, 7, 2053),
                           (70, 16, 1), (33, 8, 1), (100, 35, 1)]

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

    /// Runs a kernel on `[Float]` inputs, returning its output of `count` scalars.
    private func output(_ count: Int, _ body: (UnsafeMutablePointer<Float>) -> Void) -> [Float] {
        var out = [Float](repeating: .nan, count: count)
        out.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
        return out
    }

    func testNormalizeWithReLUAndTheMaskedBackwardKernelsMatchTheUnfusedOnes() {
        for (index, (outer, channels, inner)) in layouts.enumerated() {
            let count = outer * channels * inner
            let x = values(count, seed: UInt64(100 + index), offset: 0.2), g = values(count, seed: UInt64(120 + index))
            let mean = values(channels, seed: UInt64(140 + index)), scale = values(channels, seed: UInt64(160 + index))
            let shift = values(channels, seed: UInt64(180 + index))
            let shape = "\([outer, channels, inner])"
            // normalize with relu = max(normalize, 0), element for element.
            let plain = output(count) { BatchNormKernels.normalize(x, outer: outer, channels: channels, inner: inner, mean: mean,
                                                                   scale: scale, shift: shift, into: $0) }
            let fused = output(count) { BatchNormKernels.normalize(x, outer: outer, channels: channels, inner: inner, mean: mean,
                                                                   scale: scale, shift: shift, relu: true, into: $0) }
            XCTAssertEqual(fused, plain.map { $0 <= 0 ? 0 : $0 }, "normalize relu \(shape)")
            // The masked kernels equal the plain ones on g already masked.
            let gMasked = zip(g, fused).map { $1 > 0 ? $0 : 0 }
            var sums = [Double](repeating: 0, count: 2 * channels), maskedSums = sums
            BatchNormKernels.gradientSums(gMasked, x, outer: outer, channels: channels, inner: inner, mean: mean, into: &sums)
            BatchNormKernels.gradientSums(g, x, mask: fused, outer: outer, channels: channels, inner: inner, mean: mean,
                                          into: &maskedSums)
            for (s, m) in zip(sums, maskedSums) { XCTAssertEqual(s, m, accuracy: 1e-9 * Double(count), "sums \(shape)") }
            let (a, b, d) = (scale, mean.map { $0 * 0.3 }, shift)
            let dx = output(count) { BatchNormKernels.inputGradient(gMasked, x, outer: outer, channels: channels, inner: inner,
                                                                    mean: mean, a: a, b: b, d: d, into: $0) }
            let maskedDx = output(count) { BatchNormKernels.inputGradient(g, x, mask: fused, outer: outer, channels: channels,
                                                                          inner: inner, mean: mean, a: a, b: b, d: d, into: $0) }
            XCTAssertEqual(maskedDx, dx, "input gradient \(shape)")
        }
    }

    func testGradientSumsMatchDoubleSums() {
        for (index, (outer, channels, inner)) in layouts.enumerated() {
            let count = outer * channels * inner
            let x = values(count, seed: UInt64(200 + index), offset: 3), g = values(count, seed: UInt64(220 + index))
            let mean = values(channels, seed: UInt64(240 + index), offset: 3)
            var sums = [Double](repeating: 0, count: 2 * channels)
            BatchNormKernels.gradientSums(g, x, outer: outer, channels: channels, inner: inner, mean: mean, into: &sums)
            for c in 0..<channels {
                var (sg, sgx) = (0.0, 0.0)
                for o in 0..<outer {
                    for i in 0..<inner {
                        let at = (o * channels + c) * inner + i
                        sg += Double(g[at]); sgx += Double(g[at]) * (Double(x[at]) - Double(mean[c]))
                    }
                }
                let tolerance = 1e-5 * Double(outer * inner).squareRoot()
                XCTAssertEqual(sums[c], sg, accuracy: tolerance, "Σg \([outer, channels, inner]) channel \(c)")
                XCTAssertEqual(sums[channels + c], sgx, accuracy: tolerance * 4, "Σg(x − mean) \([outer, channels, inner]) channel \(c)")
            }
        }
    }
}
