import DL
import DLTestSupport
import XCTest

/// `CosineDecay` against Keras's formula, and its configuration.
final class CosineDecayTests: XCTestCase {
    func testCosineDecay() {
        // 0.1·((1 − α)·½(1 + cos(π·step/100)) + α), constant after 100 steps.
        let schedule = CosineDecay(initialLearningRate: 0.1, decaySteps: 100)
        assertScalarsClose([0, 50, 100, 150].map { schedule($0) }, [0.1, 0.05, 0, 0], accuracy: 1e-7)
        let floored = CosineDecay(initialLearningRate: 0.1, decaySteps: 100, alpha: 0.1)
        // step 25: ½(1 + cos(π/4)) = 0.8535534 → 0.1·(0.9·0.8535534 + 0.1) = 0.0868198
        assertScalarsClose([25, 100].map { floored($0) }, [0.0868198, 0.01], accuracy: 1e-7)
    }

    func testCosineDecayWarmup() {
        // Linear from 0 to 1 over 10 steps, then cosine from 1 over 100 steps.
        let schedule = CosineDecay(initialLearningRate: 0, decaySteps: 100, warmupTarget: 1, warmupSteps: 10)
        assertScalarsClose([0, 5, 10, 60, 110].map { schedule($0) }, [0, 0.5, 1, 0.5, 0], accuracy: 1e-6)
    }

    func testConfig() throws {
        let plain: LayerConfig = ["initial_learning_rate": 0.1, "decay_steps": 1000, "alpha": 0.0, "name": "CosineDecay",
                                  "warmup_target": nil, "warmup_steps": 0]
        XCTAssertEqual(CosineDecay(initialLearningRate: 0.1, decaySteps: 1000).getConfig(), plain)
        let warm = CosineDecay(initialLearningRate: 0, decaySteps: 500, alpha: 0.01, warmupTarget: 0.5, warmupSteps: 100, name: "warm")
        let rebuilt = try CosineDecay.fromConfig(warm.getConfig())
        XCTAssertEqual(rebuilt.getConfig(), warm.getConfig())
        XCTAssertEqual((0..<700).map { rebuilt($0) }, (0..<700).map { warm($0) })
        assertThrowsMentioning(["CosineDecay", "unknown configuration key 'beta'"]) { try CosineDecay.fromConfig(replacing(plain, "beta", with: 1)) }
        assertThrowsMentioning(["CosineDecay", "warmup_steps", "1.5"]) { try CosineDecay.fromConfig(replacing(plain, "warmup_steps", with: 1.5)) }
    }
}
