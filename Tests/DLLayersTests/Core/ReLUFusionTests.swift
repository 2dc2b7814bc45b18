import DLLayers
import DLTestSupport
import XCTest

/// `ReLUFusable` layers give `relu(call(...))` with their fused call, and `isPlainReLU` names
/// exactly the layers that compute `max(x, 0)`.
final class ReLUFusionTests: XCTestCase {
    func testPlainReLULayers() {
        XCTAssertTrue(ActivationLayer(.relu).isPlainReLU)
        XCTAssertTrue(ReLU().isPlainReLU)
        XCTAssertFalse(ReLU(maxValue: 6).isPlainReLU)
        XCTAssertFalse(ReLU(negativeSlope: 0.1).isPlainReLU)
        XCTAssertFalse(ReLU(threshold: 0.5).isPlainReLU)
        XCTAssertFalse(ActivationLayer(.sigmoid).isPlainReLU)
        XCTAssertFalse(Dense(2, activation: .relu).isPlainReLU)
    }

    func testBatchNormalizationFusedCallEqualsReLUOfItsCallAndUpdatesTheMovingStatistics() {
        let x = Tensor.randomNormal([6, 2, 2, 4], mean: 0.5, seed: 1)
        let fused = BatchNormalization(), plain = BatchNormalization()
        _ = (fused(x), plain(x))   // built (inference leaves the moving statistics alone)
        for training in [true, false] {
            XCTAssertEqual(fused.callFollowedByReLU([x], training: training), relu(plain(x, training: training)))
            XCTAssertEqual(fused.movingMean?.value, plain.movingMean?.value)
            XCTAssertEqual(fused.movingVariance?.value, plain.movingVariance?.value)
        }
        XCTAssertNotEqual(fused.movingMean?.value, Tensor.zeros([4]), "training updated the moving mean")
    }

    func testAddFusedCallEqualsReLUOfItsCallWithOrWithoutBroadcasting() {
        let a = Tensor.randomNormal([3, 4], seed: 2), b = Tensor.randomNormal([3, 4], seed: 3)
        let add = Add()
        XCTAssertEqual(add.callFollowedByReLU([a, b], training: false), relu(add([a, b])))
        let c = Tensor.randomNormal([3, 1], seed: 4)
        XCTAssertEqual(add.callFollowedByReLU([a, c], training: false), relu(a + c))
    }
}
