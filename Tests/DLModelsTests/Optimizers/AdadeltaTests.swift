import DL
import DLTestSupport
import XCTest

/// Adadelta against Keras 3's update rule, worked by hand.
final class AdadeltaTests: XCTestCase {
    func testAdadelta() {
        // lr 1, ρ 0.95: Eg² = 0.05·g1² = [0.0125, 0.05]; Δ = −√(0 + 1e-7)·g/√(Eg² + 1e-7) = [−0.0014142, 0.0014142]
        // EΔ² = 0.05·Δ² = [1e-7, 1e-7]; w += Δ; and so on for steps 2 and 3.
        assertSteps(Adadelta(learningRate: 1),
                    [[0.9985858, -1.998586], [0.9981838, -1.998988], [0.9992441, -1.999756]])
    }

    func testDefaults() {
        let adadelta = Adadelta()
        XCTAssertEqual([adadelta.learningRate, adadelta.rho, adadelta.epsilon], [0.001, 0.95, 1e-7])
        XCTAssertEqual(optimizerNamed(.adadelta).name, "adadelta")
    }

    func testConfigRoundTrip() {
        assertConfigRoundTrip(Adadelta())
        assertConfigRoundTrip(Adadelta(learningRate: 1, rho: 0.9, epsilon: 1e-6, globalClipNorm: 1))
    }
}
