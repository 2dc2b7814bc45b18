import DL
import DLTestSupport
import XCTest

/// RMSprop against Keras 3's update rules, worked by hand.
final class RMSpropTests: XCTestCase {
    func testRMSprop() {
        // lr 0.01, ρ 0.9: v1 = 0.1·g1² = [0.025, 0.1]; step = 0.01·g/√(v + 1e-7) = [0.0316228, −0.0316228]
        // v2 = 0.9·v1 + 0.1·g2² = [0.0235, 0.094]; step = [0.0065233, 0.0065233]
        // v3 = [0.03015, 0.1006]; step = [−0.0172774, 0.0126114]
        assertSteps(RMSprop(learningRate: 0.01),
                    [[0.9683773, -1.968377], [0.961854, -1.974901], [0.9791314, -1.987512]])
    }

    func testRMSpropCenteredWithMomentum() {
        // centered: a = 0.9·a + 0.1·g, denominator v − a² + ε; momentum 0.5: s = 0.5·s + step, w −= s.
        // step 1: a = [0.05, −0.1], v − a² = [0.0225, 0.09], step = 0.01·g/√(·) = [0.0333333, −0.0333333]
        assertSteps(RMSprop(learningRate: 0.01, momentum: 0.5, centered: true),
                    [[0.9666667, -1.966667], [0.9430116, -1.9567], [0.9485713, -1.964362]], accuracy: 1e-5)
    }

    func testDefaults() {
        let rms = RMSprop()
        XCTAssertEqual([rms.learningRate, rms.rho, rms.momentum, rms.epsilon], [0.001, 0.9, 0, 1e-7])
        XCTAssertFalse(rms.centered)
        XCTAssertEqual(optimizerNamed(.rmsprop).name, "rm_sprop")   // Keras 3's name for RMSprop
    }

    func testConfigRoundTrip() {
        assertConfigRoundTrip(RMSprop())
        assertConfigRoundTrip(RMSprop(learningRate: 0.01, rho: 0.8, momentum: 0.5, epsilon: 1e-6, centered: true, clipNorm: 2))
    }
}
