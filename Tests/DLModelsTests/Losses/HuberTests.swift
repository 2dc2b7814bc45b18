import DL
import DLTestSupport
import XCTest

/// `Huber`: values, gradients and configuration.
final class HuberTests: XCTestCase {
    func testHuber() {
        // errors (0.5, −1.5) → 0.125, 1.0; (−2, −0.25) → 1.5, 0.03125
        let y = Tensor([[0, 1.5], [2, -1]]), p = Tensor([[0.5, 0], [0, -1.25]])
        assertTensorsClose(Huber().perSampleLoss(yTrue: y, yPred: p), Tensor([0.5625, 0.765625]))
        XCTAssertEqual(lossValue(.huber, y, p), 0.6640625, accuracy: 1e-6)
        // δ = 2: |e| = 1.5 stays quadratic (1.125); |e| = 2 is 0.5·4 = 2.
        XCTAssertEqual(Huber(delta: 2).perSampleLoss(yTrue: y, yPred: p).scalars[0], (0.125 + 1.125) / 2, accuracy: 1e-6)
    }

    func testGradients() {
        let y = Tensor([[0, 1.5], [2, -1]]), p = Tensor([[0.5, 0.1], [0.3, -1.25]])
        checkLossGradient(Huber(), yTrue: y, yPred: p)
        checkLossGradient(Huber(delta: 0.5), yTrue: y, yPred: p)
    }

    func testName() {
        XCTAssertEqual(lossNamed(.huber).name, "huber_loss")
    }

    func testConfig() throws {
        // Keras 3.15 writes no delta (its Huber.get_config drops it); a delta other than 1 is kept here.
        assertLossConfig(Huber(), ["name": "huber_loss", "reduction": "sum_over_batch_size"])
        assertLossConfig(Huber(delta: 2), ["name": "huber_loss", "reduction": "sum_over_batch_size", "delta": 2.0])
        XCTAssertEqual(try Huber.fromConfig(["delta": 0.5]).delta, 0.5)
    }
}
