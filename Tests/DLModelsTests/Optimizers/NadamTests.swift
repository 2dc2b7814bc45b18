import DL
import DLTestSupport
import XCTest

/// Nadam against Keras 3's update rule, worked by hand.
final class NadamTests: XCTestCase {
    func testNadam() {
        // μ_t = 0.9·(1 − 0.5·0.96^t): μ1 = 0.468, μ2 = 0.485280; Π1 = 0.468.
        // t = 1: m = [0.05, −0.1], v = [0.00025, 0.001]; m̂ = μ2·m/(1 − Π1·μ2) + (1 − μ1)·g/(1 − Π1)
        // = [0.0314712 + 0.5, ...]; v̂ = v/0.001 = g²; w −= 0.1·m̂/(√v̂ + ε) = [0.1062788, −0.1062788].
        assertSteps(Nadam(learningRate: 0.1),
                    [[0.8937212, -1.893721], [0.8666039, -1.906696], [0.9128526, -1.940264]], accuracy: 1e-5)
    }

    func testDefaults() {
        XCTAssertEqual(optimizerNamed(.nadam).name, "nadam")
        XCTAssertEqual(Nadam().learningRate, 0.001)
    }

    func testConfigRoundTrip() {
        assertConfigRoundTrip(Nadam())
        assertConfigRoundTrip(Nadam(learningRate: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-6, weightDecay: 0.001))
    }
}
