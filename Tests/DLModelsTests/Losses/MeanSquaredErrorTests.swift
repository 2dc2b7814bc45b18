import DL
import DLTestSupport
import XCTest

/// `MeanSquaredError`: values against hand-computed references, the fused op against the
/// composed ops, the gradient, the configuration.
final class MeanSquaredErrorTests: XCTestCase {
    func testMeanSquaredError() {
        // rows: (0.04 + 0.09)/2, (0.01 + 0.16)/2, (0.25 + 0.04)/2
        assertTensorsClose(MeanSquaredError().perSampleLoss(yTrue: sampleLabels, yPred: samplePredictions), Tensor([0.065, 0.085, 0.145]))
        XCTAssertEqual(lossValue(.meanSquaredError, sampleLabels, samplePredictions), 0.0983333, accuracy: 1e-6)
    }

    func testRankOneLabelsMatchColumnPredictions() {
        // Keras expands [N] labels against [N, 1] predictions.
        let loss = MeanSquaredError().perSampleLoss(yTrue: Tensor([1, 0]), yPred: Tensor([[0.5], [0.25]]))
        assertTensorsClose(loss, Tensor([0.25, 0.0625]))
    }

    /// The fused op against the same loss composed from primitive tensor ops: equal values within
    /// float tolerance, equal gradients for both the predictions and (tracked) labels.
    func testMeanSquaredErrorMatchesComposedOps() {
        // [301, 257]: large enough for the per-row loops to be split across the workers.
        for shape in [[1, 1], [3, 5], [2, 3, 4], [4], [301, 257]] {
            let t = Variable(Tensor.randomUniform(shape, min: -1, max: 1, seed: 31), name: "t")
            let p = Variable(Tensor.randomUniform(shape, min: -1, max: 1, seed: 32), name: "p")
            let composed = { (t: Tensor, p: Tensor) -> Tensor in
                let d = square(p - t)
                return d.rank == 1 ? d : d.reshaped([d.shape[0], -1]).mean(axis: 1)
            }
            let fused = valueWithGradient(wrt: [t, p]) { MeanSquaredError()(t.value, p.value) }
            let reference = valueWithGradient(wrt: [t, p]) { composed(t.value, p.value).mean() }
            assertTensorsClose(fused.value, reference.value, accuracy: 1e-5, "value \(shape)")
            assertTensorsClose(MeanSquaredError().perSampleLoss(yTrue: t.value, yPred: p.value), composed(t.value, p.value),
                               accuracy: 1e-5, "per sample \(shape)")
            for (f, r) in zip(fused.gradients, reference.gradients) { assertTensorsClose(f, r, accuracy: 1e-6, "gradient \(shape)") }
        }
    }

    func testGradient() {
        checkLossGradient(MeanSquaredError(), yTrue: Tensor([[0, 1.5], [2, -1]]), yPred: Tensor([[0.5, 0.1], [0.3, -1.25]]))
    }

    func testName() {
        XCTAssertEqual(lossNamed(.meanSquaredError).name, "mean_squared_error")
    }

    func testConfig() {
        assertLossConfig(MeanSquaredError(), ["name": "mean_squared_error", "reduction": "sum_over_batch_size"])
        assertThrowsMentioning(["MeanSquaredError", "reduction", "\"sum\""]) {
            try MeanSquaredError.fromConfig(["name": "mean_squared_error", "reduction": "sum"])
        }
    }
}
