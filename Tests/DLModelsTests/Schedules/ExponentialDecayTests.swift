import DL
import DLTestSupport
import XCTest

/// `ExponentialDecay` against Keras's formula, and its configuration.
final class ExponentialDecayTests: XCTestCase {
    func testExponentialDecay() {
        let smooth = ExponentialDecay(initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5)
        // 0.1·0.5^(step/10)
        assertScalarsClose([0, 5, 10, 25].map { smooth($0) }, [0.1, 0.0707107, 0.05, 0.0176777], accuracy: 1e-7)
        let stairs = ExponentialDecay(initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: true)
        assertScalarsClose([0, 9, 10, 25].map { stairs($0) }, [0.1, 0.1, 0.05, 0.025], accuracy: 1e-7)
    }

    func testConfig() throws {
        let schedule = ExponentialDecay(initialLearningRate: 0.05, decaySteps: 10, decayRate: 0.5, staircase: true, name: "stairs")
        let config: LayerConfig = ["initial_learning_rate": 0.05, "decay_steps": 10, "decay_rate": 0.5, "staircase": true, "name": "stairs"]
        XCTAssertEqual(schedule.getConfig(), config)
        let rebuilt = try ExponentialDecay.fromConfig(config)
        XCTAssertEqual(rebuilt.getConfig(), config)
        XCTAssertEqual((0..<30).map { rebuilt($0) }, (0..<30).map { schedule($0) })
        assertThrowsMentioning(["ExponentialDecay", "decay_steps", "0"]) { try ExponentialDecay.fromConfig(replacing(config, "decay_steps", with: 0)) }
        assertThrowsMentioning(["ExponentialDecay", "decay_rate"]) { try ExponentialDecay.fromConfig(replacing(config, "decay_rate", with: nil)) }
    }
}
