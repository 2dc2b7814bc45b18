import DL
import DLTestSupport
import XCTest

/// AdamW against Keras 3's update rule, worked by hand.
final class AdamWTests: XCTestCase {
    func testAdamW() {
        // Before each Adam step: w −= lr·wd·w with lr 0.1, wd 0.004: w1 = [1, −2]·(1 − 0.0004) − Adam step.
        assertSteps(AdamW(learningRate: 0.1),
                    [[0.8996006, -1.8992], [0.8189372, -1.847338], [0.7975384, -1.833175]], accuracy: 1e-5)
        XCTAssertEqual(AdamW().weightDecay, 0.004)
    }

    func testDefaults() {
        XCTAssertEqual(optimizerNamed(.adamW).name, "adam_w")   // Keras 3's name for AdamW
        XCTAssertEqual(AdamW(weightDecay: 0.01).weightDecay, 0.01)
        XCTAssertEqual(AdamW(learningRate: .constant(0.001), options: OptimizerOptions()).weightDecay, 0.004)
    }

    func testConfigRoundTrip() {
        assertConfigRoundTrip(AdamW())
        assertConfigRoundTrip(AdamW(learningRate: 0.003, amsgrad: true, weightDecay: 0.01))
        // Keras's from_config without weight_decay takes AdamW's default.
        var config = AdamW().getConfig().objectValue ?? [:]
        config["weight_decay"] = nil
        XCTAssertEqual(try AdamW.fromConfig(.object(config)).weightDecay, 0.004)
    }
}
