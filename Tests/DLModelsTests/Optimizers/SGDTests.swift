import DL
import DLTestSupport
import XCTest

final class SGDTests: XCTestCase {
    func testPlainSGD() {
        // w −= 0.01·g: [1 − 0.005, −2 + 0.01] = [0.995, −1.99]; then −[0.001, 0.002]; then +[0.003, −0.004]
        assertSteps(SGD(), [[0.995, -1.99], [0.994, -1.992], [0.997, -1.996]])
    }

    func testMomentum() {
        // lr 0.1, m 0.9: v1 = −0.1·g1 = [−0.05, 0.1] → w [0.95, −1.9];
        // v2 = 0.9·v1 − 0.1·g2 = [−0.055, 0.07] → w [0.895, −1.83];
        // v3 = 0.9·v2 − 0.1·g3 = [−0.0195, 0.023] → w [0.8755, −1.807]
        assertSteps(SGD(learningRate: 0.1, momentum: 0.9), [[0.95, -1.9], [0.895, -1.83], [0.8755, -1.807]])
    }

    func testNesterov() {
        // w += 0.9·v − 0.1·g with the updated v: step 1: 0.9·[−0.05, 0.1] − [0.05, −0.1] = [−0.095, 0.19]
        // step 2: 0.9·[−0.055, 0.07] − [0.01, 0.02] = [−0.0595, 0.043]; step 3: 0.9·[−0.0195, 0.023] − [−0.03, 0.04] = [0.01245, −0.0193]
        assertSteps(SGD(learningRate: 0.1, momentum: 0.9, nesterov: true),
                    [[0.905, -1.81], [0.8455, -1.767], [0.85795, -1.7863]])
    }

    func testStaticMemberUsesKerasDefaults() {
        let optimizer = optimizerNamed(.sgd)
        XCTAssertEqual(optimizer.learningRate, 0.01)
        XCTAssertEqual(optimizer.name, "sgd")   // Keras 3's name (Keras 2 wrote "SGD")
        XCTAssertFalse(optimizerNamed(.sgd) === optimizer, "each use is a new instance")
    }

    func testSkipsFrozenVariables() {
        let frozen = Variable(Tensor([1]), name: "frozen", trainable: false)
        SGD(learningRate: 1).apply(gradients: [Tensor([1])], to: [frozen])
        XCTAssertEqual(frozen.storedValue.scalars, [1])
    }

    func testConfigIsKerasJSON() {
        XCTAssertEqual(SGD(learningRate: 0.1, momentum: 0.9, nesterov: true, clipNorm: 1).getConfig(),
                       merged(baseOptimizerConfig(name: "sgd", learningRate: 0.1), ["clipnorm": 1.0, "momentum": 0.9, "nesterov": true]))
    }

    func testConfigRoundTrip() {
        assertConfigRoundTrip(SGD())
        assertConfigRoundTrip(SGD(learningRate: 0.1, momentum: 0.9, nesterov: true, clipValue: 0.5, weightDecay: 0.01))
        assertConfigRoundTrip(SGD(learningRate: PiecewiseConstantDecay(boundaries: [1], values: [1, 0.1]), momentum: 0.5))
    }

    func testFromConfigRejectsAMomentumOutOfRange() {
        let config = replacing(SGD().getConfig(), "momentum", with: 1.5)
        assertThrowsMentioning(["SGD", "momentum", "1.5"]) { try SGD.fromConfig(config) }
    }
}
