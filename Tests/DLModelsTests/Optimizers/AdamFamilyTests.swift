import DL
import DLTestSupport
import XCTest

/// Adam, AMSGrad, AdamW and Nadam against Keras 3's update rules, worked by hand.
final class AdamFamilyTests: XCTestCase {
    func testAdam() {
        // lr 0.1, t = 1: α = 0.1·√(1 − 0.999)/(1 − 0.9) = 0.0316228; m = 0.1·g1 = [0.05, −0.1];
        // v = 0.001·g1² = [0.00025, 0.001]; w −= α·m/(√v + 1e-7) = [0.0999994, −0.1] (≈ lr·sign(g)).
        // t = 2: α = 0.1·√0.001999/0.19 = 0.0235317; m = [0.055, −0.07]; v = [0.00026, 0.001039]
        assertSteps(Adam(learningRate: 0.1),
                    [[0.9000006, -1.9], [0.819697, -1.848898], [0.7986259, -1.835474]], accuracy: 1e-5)
    }

    func testAMSGradKeepsTheLargestSecondMoment() {
        // g = 1 then 0, lr 0.1: after step 1 v = v̂ = 0.001, w = −0.0999997.
        // step 2: m = 0.09, v = 0.000999 but v̂ stays 0.001; α = 0.0235317: w −= 0.09·α/√0.001 = 0.0669721.
        let variable = Variable(Tensor([0]), name: "w")
        let optimizer = Adam(learningRate: 0.1, amsgrad: true)
        optimizer.apply(gradients: [Tensor([1])], to: [variable])
        optimizer.apply(gradients: [Tensor([0])], to: [variable])
        XCTAssertEqual(variable.storedValue.scalars[0], -0.1669718, accuracy: 1e-6)
        XCTAssertEqual(optimizer.slotValues(for: variable).count, 3)
    }

    func testAdamW() {
        // Before each Adam step: w −= lr·wd·w with lr 0.1, wd 0.004: w1 = [1, −2]·(1 − 0.0004) − Adam step.
        assertSteps(AdamW(learningRate: 0.1),
                    [[0.8996006, -1.8992], [0.8189372, -1.847338], [0.7975384, -1.833175]], accuracy: 1e-5)
        XCTAssertEqual(AdamW().weightDecay, 0.004)
    }

    func testNadam() {
        // μ_t = 0.9·(1 − 0.5·0.96^t): μ1 = 0.468, μ2 = 0.485280; Π1 = 0.468.
        // t = 1: m = [0.05, −0.1], v = [0.00025, 0.001]; m̂ = μ2·m/(1 − Π1·μ2) + (1 − μ1)·g/(1 − Π1)
        // = [0.0314712 + 0.5, ...]; v̂ = v/0.001 = g²; w −= 0.1·m̂/(√v̂ + ε) = [0.1062788, −0.1062788].
        assertSteps(Nadam(learningRate: 0.1),
                    [[0.8937212, -1.893721], [0.8666039, -1.906696], [0.9128526, -1.940264]], accuracy: 1e-5)
    }

    func testDefaults() {
        let adam = Adam()
        XCTAssertEqual([adam.learningRate, adam.beta1, adam.beta2, adam.epsilon], [0.001, 0.9, 0.999, 1e-7])
        XCTAssertFalse(adam.amsgrad)
        XCTAssertNil(adam.weightDecay)
        XCTAssertEqual([optimizerNamed(.adam).name, optimizerNamed(.adamW).name, optimizerNamed(.nadam).name],
                       ["adam", "adamw", "nadam"])
        XCTAssertEqual(Nadam().learningRate, 0.001)
    }
}
