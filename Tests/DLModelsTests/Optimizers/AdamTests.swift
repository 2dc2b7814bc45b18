import DL
import DLTestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// Adam and AMSGrad against Keras 3's update rules, worked by hand.
final class AdamTests: XCTestCase {
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

    func testAdamMatchesTheScalarFormulaOnOddSizes() {
        // The vectorized, parallel loops against the scalar formulas on sizes that are not
        // multiples of the vector width.
        for (count, amsgrad) in [(1, false), (17, false), (37, true), (33, false)] {
            let start = (0..<count).map { Float($0) * 0.1 - 1 }
            let variable = Variable(Tensor(start), name: "w")
            let optimizer = Adam(learningRate: 0.01, amsgrad: amsgrad)
            var (w, m, v, vHat) = (start, [Float](repeating: 0, count: count), [Float](repeating: 0, count: count), [Float](repeating: 0, count: count))
            for step in 1...4 {
                let g = (0..<count).map { Float(($0 * 7 + step * 3) % 11) - 5 + (step == 2 ? 0.5 : 0) }
                optimizer.apply(gradients: [Tensor(g)], to: [variable])
                let t = Float(step)
                let alpha = 0.01 * (1 - powf(0.999, t)).squareRoot() / (1 - powf(0.9, t))
                for i in 0..<count {
                    m[i] += (g[i] - m[i]) * (1 - 0.9)
                    v[i] += (g[i] * g[i] - v[i]) * (1 - 0.999)
                    vHat[i] = max(vHat[i], v[i])
                    w[i] -= m[i] * alpha / ((amsgrad ? vHat[i] : v[i]).squareRoot() + 1e-7)
                }
                assertScalarsClose(variable.storedValue.scalars, w, accuracy: 1e-6, "count \(count) step \(step)")
            }
        }
    }

    func testDefaults() {
        let adam = Adam()
        XCTAssertEqual([adam.learningRate, adam.beta1, adam.beta2, adam.epsilon], [0.001, 0.9, 0.999, 1e-7])
        XCTAssertFalse(adam.amsgrad)
        XCTAssertNil(adam.weightDecay)
        XCTAssertEqual(optimizerNamed(.adam).name, "adam")
    }

    func testConfigIsKerasJSON() {
        let schedule = ExponentialDecay(initialLearningRate: 0.1, decaySteps: 100, decayRate: 0.96, staircase: true)
        let scheduleJSON: LayerConfig = ["module": "keras.optimizers.schedules", "class_name": "ExponentialDecay", "registered_name": nil,
                                         "config": ["initial_learning_rate": 0.1, "decay_steps": 100, "decay_rate": 0.96,
                                                    "staircase": true, "name": "ExponentialDecay"]]
        var expected = baseOptimizerConfig(name: "adam", learningRate: 0)
        expected["learning_rate"] = scheduleJSON
        XCTAssertEqual(Adam(learningRate: schedule, amsgrad: true, globalClipNorm: 2).getConfig(),
                       merged(expected, ["global_clipnorm": 2.0, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-07, "amsgrad": true]))
    }

    func testConfigRoundTrip() {
        assertConfigRoundTrip(Adam())
        assertConfigRoundTrip(Adam(learningRate: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-6, amsgrad: true, clipNorm: 1))
        assertConfigRoundTrip(Adam(learningRate: CosineDecay(initialLearningRate: 0.1, decaySteps: 10), globalClipNorm: 0.5))
        assertConfigRoundTrip(Adam(learningRate: .constant(0.002), options: OptimizerOptions(name: "my_adam", clipValue: 0.1)))
    }
}
