import DLCore
import DLTestSupport
import XCTest

/// The fused loss kernels against their naive references (softmax then −log, in Double) on odd
/// shapes, with extreme logits, clipped probabilities and labels outside the classes.
final class LossKernelsTests: XCTestCase {
    /// (rows, classes), and labels for them: in range, truncated (2.7 → 2), and out of range
    /// (−1, classes, NaN, ∞) on some rows.
    private func cases() -> [(rows: Int, classes: Int, labels: [Float])] {
        [(1, 1), (3, 2), (5, 3), (17, 10), (37, 17), (4, 1000)].map { rows, classes in
            var labels = (0..<rows).map { Float(($0 * 7 + 3) % classes) }
            if rows > 2 { labels[1] = Float(classes) - 0.3 }   // truncated to the last class
            if rows >= 5 { labels[2] = -1; labels[4] = Float(classes) }
            if rows >= 17 { labels[8] = .nan; labels[9] = .infinity }
            return (rows, classes, labels)
        }
    }

    func testSparseSoftmaxCrossEntropyMatchesReference() {
        for (rows, classes, labels) in cases() {
            var logits = Tensor.randomUniform([rows * classes], min: -4, max: 4, seed: UInt64(rows * classes)).scalars
            if rows > 3 { for j in 0..<classes { logits[3 * classes + j] = j % 2 == 0 ? 80 : -80 } }   // saturated row
            var loss = [Float](repeating: 0, count: rows), logSumExp = [Float](repeating: 0, count: rows)
            LossKernels.sparseSoftmaxCrossEntropyForward(logits, labels: labels, rows: rows, classes: classes,
                                                         into: &loss, logSumExp: &logSumExp)
            let expected = LossKernels.referenceSparseSoftmaxCrossEntropy(logits: logits, labels: labels, rows: rows, classes: classes)
            assertSameNaNs(loss, expected, accuracy: 1e-4, "loss \(rows)×\(classes)")
            let g = Tensor.randomUniform([rows], min: 0.5, max: 1.5, seed: 9).scalars
            var dx = [Float](repeating: .nan, count: rows * classes)
            LossKernels.sparseSoftmaxCrossEntropyBackward(g, logits: logits, labels: labels, logSumExp: logSumExp,
                                                          rows: rows, classes: classes, into: &dx)
            let expectedDx = LossKernels.referenceSparseSoftmaxCrossEntropyGradient(g, logits: logits, labels: labels,
                                                                                    rows: rows, classes: classes)
            assertSameNaNs(dx, expectedDx, accuracy: 1e-6, "dx \(rows)×\(classes)")
        }
    }

    func testSparseCrossEntropyMatchesReference() {
        let epsilon: Float = 1e-7
        for (rows, classes, labels) in cases() {
            var p = Tensor.randomUniform([rows * classes], min: 0.01, max: 1, seed: UInt64(rows + classes)).scalars
            if rows > 3, classes > 1 {
                // One 1 among 1e-9s: the label's share is clipped, below ε or (the 1 on the label) above 1 − ε.
                for j in 0..<classes { p[3 * classes + j] = 1e-9 }
                p[3 * classes + (classes - 1 - Int(labels[3]))] = 1
            }
            var loss = [Float](repeating: 0, count: rows), sums = [Float](repeating: 0, count: rows)
            LossKernels.sparseCrossEntropyForward(p, labels: labels, rows: rows, classes: classes, epsilon: epsilon,
                                                  into: &loss, rowSums: &sums)
            let expected = LossKernels.referenceSparseCrossEntropy(probabilities: p, labels: labels, rows: rows, classes: classes,
                                                                   epsilon: epsilon)
            assertSameNaNs(loss, expected, accuracy: 1e-4, "loss \(rows)×\(classes)")
            let g = Tensor.randomUniform([rows], min: 0.5, max: 1.5, seed: 10).scalars
            var dp = [Float](repeating: .nan, count: rows * classes)
            LossKernels.sparseCrossEntropyBackward(g, probabilities: p, labels: labels, rowSums: sums, rows: rows,
                                                   classes: classes, epsilon: epsilon, into: &dp)
            let expectedDp = LossKernels.referenceSparseCrossEntropyGradient(g, probabilities: p, labels: labels, rows: rows,
                                                                             classes: classes, epsilon: epsilon)
            for (i, (a, e)) in zip(dp, expectedDp).enumerated() {
                XCTAssertEqual(a, e, accuracy: 1e-4 * Swift.max(1, Swift.abs(e)), "dp \(rows)×\(classes) at \(i)")
            }
        }
    }

    func testRowMeanSquaredErrorMatchesReference() {
        // [301, 257]: enough work for the rows to be split across the workers.
        for (rows, columns) in [(1, 1), (3, 5), (7, 1), (1, 33), (301, 257)] {
            let t = Tensor.randomUniform([rows * columns], min: -2, max: 2, seed: UInt64(rows)).scalars
            let p = Tensor.randomUniform([rows * columns], min: -2, max: 2, seed: UInt64(columns + 1000)).scalars
            var out = [Float](repeating: .nan, count: rows)
            LossKernels.rowMeanSquaredErrorForward(t, p, rows: rows, columns: columns, into: &out)
            assertScalarsClose(out, LossKernels.referenceRowMeanSquaredError(t, p, rows: rows, columns: columns),
                               accuracy: 1e-5, "\(rows)×\(columns)")
            let g = Tensor.randomUniform([rows], min: -1, max: 1, seed: 12).scalars
            var dp = [Float](repeating: .nan, count: rows * columns)
            LossKernels.rowMeanSquaredErrorBackward(g, t, p, rows: rows, columns: columns, into: &dp)
            assertScalarsClose(dp, LossKernels.referenceRowMeanSquaredErrorGradient(g, t, p, rows: rows, columns: columns),
                               accuracy: 1e-6, "dp \(rows)×\(columns)")
        }
    }

    func testClassIndexTruncatesAndRejectsOutOfRange() {
        XCTAssertEqual(LossKernels.classIndex(0, classes: 3), 0)
        XCTAssertEqual(LossKernels.classIndex(2.9, classes: 3), 2)
        for bad: Float in [-0.5, 3, .nan, .infinity, -.infinity] { XCTAssertNil(LossKernels.classIndex(bad, classes: 3), "\(bad)") }
    }

    /// NaN exactly where `expected` has NaN, within `accuracy` (relative above 1) elsewhere.
    private func assertSameNaNs(_ actual: [Float], _ expected: [Float], accuracy: Float, _ message: String,
                                file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.count, expected.count, message, file: file, line: line)
        for (i, (a, e)) in zip(actual, expected).enumerated()
        where a.isNaN != e.isNaN || (!e.isNaN && !(Swift.abs(a - e) <= accuracy * Swift.max(1, Swift.abs(e)))) {
            XCTFail("\(message) at \(i): \(a) against \(e)", file: file, line: line)
            return
        }
    }
}
