import DL
import DLTestSupport
import XCTest

/// RMSprop, Adagrad and Adadelta against Keras 3's update rules, worked by hand.
final class AdaptiveOptimizerTests: XCTestCase {
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

    func testAdagrad() {
        // lr 0.1, acc starts at 0.1: acc1 = [0.35, 1.1]; w −= 0.1·g/√(acc + 1e-7) = [0.0845154, −0.0953463]
        // acc2 = [0.36, 1.14]: [0.0166667, 0.0187317]; acc3 = [0.45, 1.3]: [−0.0447214, 0.0350823]
        assertSteps(Adagrad(learningRate: 0.1),
                    [[0.9154846, -1.904654], [0.8988179, -1.923385], [0.9435393, -1.958468]])
    }

    func testAdadelta() {
        // lr 1, ρ 0.95: Eg² = 0.05·g1² = [0.0125, 0.05]; Δ = −√(0 + 1e-7)·g/√(Eg² + 1e-7) = [−0.0014142, 0.0014142]
        // EΔ² = 0.05·Δ² = [1e-7, 1e-7]; w += Δ; and so on for steps 2 and 3.
        assertSteps(Adadelta(learningRate: 1),
                    [[0.9985858, -1.998586], [0.9981838, -1.998988], [0.9992441, -1.999756]])
    }

    func testDefaults() {
        let rms = RMSprop(), adagrad = Adagrad(), adadelta = Adadelta()
        XCTAssertEqual([rms.learningRate, rms.rho, rms.momentum, rms.epsilon], [0.001, 0.9, 0, 1e-7])
        XCTAssertFalse(rms.centered)
        XCTAssertEqual([adagrad.learningRate, adagrad.initialAccumulatorValue, adagrad.epsilon], [0.001, 0.1, 1e-7])
        XCTAssertEqual([adadelta.learningRate, adadelta.rho, adadelta.epsilon], [0.001, 0.95, 1e-7])
        XCTAssertEqual([optimizerNamed(.rmsprop).name, optimizerNamed(.adagrad).name, optimizerNamed(.adadelta).name],
                       ["rmsprop", "adagrad", "adadelta"])
    }
}
