import DL
import DLTestSupport
import XCTest

/// `Hinge`: values, gradient and configuration.
final class HingeTests: XCTestCase {
    func testHingeConvertsBinaryLabels() {
        // {0,1} labels become {−1,1}: rows mean(max(1 − t·p, 0)) = (1.3 + 0.2)/2, (1.5 + 0)/2.
        let y = Tensor([[0, 1], [1, 0]]), p = Tensor([[0.3, 0.8], [-0.5, -2.0]])
        assertTensorsClose(Hinge().perSampleLoss(yTrue: y, yPred: p), Tensor([0.75, 0.75]))
        assertTensorsClose(Hinge().perSampleLoss(yTrue: 2 * y - 1, yPred: p), Tensor([0.75, 0.75]))
    }

    func testGradient() {
        checkLossGradient(Hinge(), yTrue: Tensor([[0, 1], [1, 0]]), yPred: Tensor([[0.5, 0.1], [0.3, -1.25]]))
    }

    func testConfig() {
        assertLossConfig(Hinge(), ["name": "hinge", "reduction": "sum_over_batch_size"])
    }
}
