import DL
import DLTestSupport
import XCTest

/// Learning-rate schedules against Keras's formulas.
final class ScheduleTests: XCTestCase {
    func testExponentialDecay() {
        let smooth = ExponentialDecay(initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5)
        // 0.1·0.5^(step/10)
        assertScalarsClose([0, 5, 10, 25].map { smooth($0) }, [0.1, 0.0707107, 0.05, 0.0176777], accuracy: 1e-7)
        let stairs = ExponentialDecay(initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: true)
        assertScalarsClose([0, 9, 10, 25].map { stairs($0) }, [0.1, 0.1, 0.05, 0.025], accuracy: 1e-7)
    }

    func testPiecewiseConstantDecay() {
        // ≤ 100: 1.0; 101...200: 0.5; > 200: 0.1 (Keras's boundaries are inclusive on the left piece).
        let schedule = PiecewiseConstantDecay(boundaries: [100, 200], values: [1.0, 0.5, 0.1])
        assertScalarsClose([0, 100, 101, 200, 201, 10_000].map { schedule($0) }, [1, 1, 0.5, 0.5, 0.1, 0.1])
    }

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
}
