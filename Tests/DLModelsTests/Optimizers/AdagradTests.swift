import DL
import DLTestSupport
import XCTest

/// Adagrad against Keras 3's update rule, worked by hand.
final class AdagradTests: XCTestCase {
    func testAdagrad() {
        // lr 0.1, acc starts at 0.1: acc1 = [0.35, 1.1]; w −= 0.1·g/√(acc + 1e-7) = [0.0845154, −0.0953463]
        // acc2 = [0.36, 1.14]: [0.0166667, 0.0187317]; acc3 = [0.45, 1.3]: [−0.0447214, 0.0350823]
        assertSteps(Adagrad(learningRate: 0.1),
                    [[0.9154846, -1.904654], [0.8988179, -1.923385], [0.9435393, -1.958468]])
    }

    func testDefaults() {
        let adagrad = Adagrad()
        XCTAssertEqual([adagrad.learningRate, adagrad.initialAccumulatorValue, adagrad.epsilon], [0.001, 0.1, 1e-7])
        XCTAssertEqual(optimizerNamed(.adagrad).name, "adagrad")
    }

    func testConfigRoundTrip() {
        assertConfigRoundTrip(Adagrad())
        assertConfigRoundTrip(Adagrad(learningRate: 0.1, initialAccumulatorValue: 0.2, epsilon: 1e-6, clipValue: 1))
    }
}
