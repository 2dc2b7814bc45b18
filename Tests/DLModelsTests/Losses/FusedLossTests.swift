import DL
import DLTestSupport
import XCTest

/// Fused losses against the same loss composed from primitive tensor ops: equal values within
/// float tolerance, equal gradients for both the predictions and (tracked) labels.
final class FusedLossTests: XCTestCase {
    func testMeanSquaredErrorMatchesComposedOps() {
        for shape in [[1, 1], [3, 5], [2, 3, 4], [4]] {
            let t = Variable(Tensor.randomUniform(shape, min: -1, max: 1, seed: 31), name: "t")
            let p = Variable(Tensor.randomUniform(shape, min: -1, max: 1, seed: 32), name: "p")
            let composed = { (t: Tensor, p: Tensor) -> Tensor in
                let d = square(p - t)
                return d.rank == 1 ? d : d.reshaped([d.shape[0], -1]).mean(axis: 1)
            }
            let fused = valueWithGradient(wrt: [t, p]) { MeanSquaredError()(t.value, p.value) }
            let reference = valueWithGradient(wrt: [t, p]) { composed(t.value, p.value).mean() }
            assertTensorsClose(fused.value, reference.value, accuracy: 1e-6, "value \(shape)")
            assertTensorsClose(MeanSquaredError().perSampleLoss(yTrue: t.value, yPred: p.value), composed(t.value, p.value),
                               accuracy: 1e-6, "per sample \(shape)")
            for (f, r) in zip(fused.gradients, reference.gradients) { assertTensorsClose(f, r, accuracy: 1e-6, "gradient \(shape)") }
        }
    }
}
