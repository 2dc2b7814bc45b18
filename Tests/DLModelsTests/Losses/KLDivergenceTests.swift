import DL
import DLTestSupport
import XCTest

/// `KLDivergence`: values, gradient and configuration.
final class KLDivergenceTests: XCTestCase {
    func testKLDivergence() {
        let y = Tensor([[0.2, 0.8], [0.5, 0.5]]), p = Tensor([[0.4, 0.6], [0.9, 0.1]])
        assertTensorsClose(KLDivergence().perSampleLoss(yTrue: y, yPred: p), Tensor([0.09151622, 0.51082562]))
        XCTAssertEqual(lossValue(.kullbackLeiblerDivergence, y, p), 0.30117092, accuracy: 1e-6)
        XCTAssertEqual(lossValue(.kullbackLeiblerDivergence, y, y), 0, accuracy: 1e-6)
    }

    func testGradient() {
        checkLossGradient(KLDivergence(), yTrue: Tensor([[0.2, 0.5, 0.3], [0.5, 0.25, 0.25]]), yPred: checkProbabilities)
    }

    func testName() {
        XCTAssertEqual(lossNamed(.kullbackLeiblerDivergence).name, "kl_divergence")
    }

    func testConfig() {
        assertLossConfig(KLDivergence(), ["name": "kl_divergence", "reduction": "sum_over_batch_size"])
    }
}
