import DLCore
import Foundation
import DLTestSupport
import XCTest

/// The fused loss ops: worked examples, values against the kernels' naive references on odd
/// shapes, numerical gradient checks, and a NaN row (with no gradient) for a label out of range.
final class LossOpsTests: XCTestCase {
    func testSparseSoftmaxCrossEntropyWorkedExample() {
        // Row 0: logsumexp(0, ln 3) = ln 4, minus x[1] = ln 3 → ln(4/3). Row 1: uniform over 4 → ln 4.
        let logits = Tensor([[0, Float(Foundation.log(3.0)), -.infinity, -.infinity], [1, 1, 1, 1]])
        assertTensorsClose(sparseSoftmaxCrossEntropy(logits: logits, labels: Tensor([1, 2])),
                           Tensor([Float(Foundation.log(4.0 / 3)), Float(Foundation.log(4.0))]), accuracy: 1e-6)
    }

    func testSparseCrossEntropyWorkedExample() {
        // Rows rescaled to sum to 1: 2/8 → ln 4; a share of 0 is clipped to 1e-7 → −ln 1e-7.
        let p = Tensor([[2, 6], [0, 1]])
        assertTensorsClose(sparseCrossEntropy(probabilities: p, labels: Tensor([0, 0])),
                           Tensor([Float(Foundation.log(4.0)), -Float(Foundation.log(Double(Float(1e-7))))]), accuracy: 1e-5)
    }

    func testRowMeanSquaredErrorWorkedExample() {
        let t = Tensor(shape: [2, 2, 2], scalars: [1, 2, 3, 4, 0, 0, 0, 0])
        let p = Tensor(shape: [2, 2, 2], scalars: [1, 2, 3, 6, 1, -1, 1, -1])
        XCTAssertEqual(rowMeanSquaredError(t, p), Tensor([1, 1]))
    }

    func testSparseLossesMatchReferencesOnOddShapes() {
        // Logits [2, 3, 5] (rows over two axes) with labels [2, 3, 1]; and [7, 1] with labels [7].
        for (shape, labelShape) in [([2, 3, 5], [2, 3, 1]), ([7, 1], [7]), ([1, 11], [1])] {
            let classes = shape.last!, rows = shape.dropLast().reduce(1, *)
            let x = Tensor.randomUniform(shape, min: -3, max: 3, seed: UInt64(rows))
            let p = Tensor.randomUniform(shape, min: 0.05, max: 1, seed: UInt64(rows + 1))
            let labels = Tensor(shape: labelShape, scalars: (0..<rows).map { Float(($0 * 3 + 1) % classes) })
            let loss = sparseSoftmaxCrossEntropy(logits: x, labels: labels)
            XCTAssertEqual(loss.shape, Array(shape.dropLast()))
            assertScalarsClose(loss.scalars, LossKernels.referenceSparseSoftmaxCrossEntropy(
                logits: x.scalars, labels: labels.scalars, rows: rows, classes: classes), accuracy: 1e-5, "\(shape)")
            assertScalarsClose(sparseCrossEntropy(probabilities: p, labels: labels).scalars, LossKernels.referenceSparseCrossEntropy(
                probabilities: p.scalars, labels: labels.scalars, rows: rows, classes: classes, epsilon: 1e-7), accuracy: 1e-5, "\(shape)")
        }
    }

    func testGradients() {
        let labels = Tensor([[2], [0], [4], [1]])
        GradientCheck.assertOpGradients([Tensor.randomUniform([4, 5], min: -2, max: 2, seed: 21)], epsilon: 1e-3,
                                        "sparseSoftmaxCrossEntropy") { sparseSoftmaxCrossEntropy(logits: $0[0], labels: labels) }
        GradientCheck.assertOpGradients([Tensor.randomUniform([4, 5], min: 0.2, max: 1, seed: 22)], epsilon: 1e-3,
                                        "sparseCrossEntropy") { sparseCrossEntropy(probabilities: $0[0], labels: labels) }
        GradientCheck.assertOpGradients([Tensor.randomUniform([3, 2, 4], min: -1, max: 1, seed: 23),
                                         Tensor.randomUniform([3, 2, 4], min: -1, max: 1, seed: 24)], epsilon: 1e-3,
                                        "rowMeanSquaredError") { rowMeanSquaredError($0[0], $0[1]) }
    }

    func testLabelOutOfRangeGivesANaNRowAndNoGradient() {
        let labels = Tensor([1, 3, -1, 0.5])   // 3 and −1 are outside 0..<3; 0.5 is class 0
        for op in [{ sparseSoftmaxCrossEntropy(logits: $0, labels: labels) }, { sparseCrossEntropy(probabilities: $0, labels: labels) }] {
            let x = Variable(Tensor.randomUniform([4, 3], min: 0.1, max: 1, seed: 25), name: "x")
            let (loss, gradients) = valueWithGradient(wrt: [x]) { op(x.value) }
            XCTAssertEqual(loss.scalars.map(\.isNaN), [false, true, true, false])
            // Rows 1 and 2 get no gradient (their loss is NaN already); rows 0 and 3 get theirs.
            let g = gradients[0].scalars
            XCTAssertEqual(Array(g[3..<9]), [Float](repeating: 0, count: 6))
            XCTAssertTrue(g[0..<3].contains { $0 != 0 } && g[9..<12].contains { $0 != 0 } && !g.contains { $0.isNaN })
        }
    }
}
