import DLLayers
import DLTestSupport
import XCTest

final class ReLUTests: XCTestCase {
    func testConformance() {
        assertLayerConforms({ ReLU() }, inputShape: [3, 4])
        // Kinks at 0.3 and 0.6 stay clear of the distinct input values (odd multiples of 0.015).
        assertLayerConforms({ ReLU(maxValue: 0.6, negativeSlope: 0.1, threshold: 0.3) }, inputShape: [3, 4])
    }

    func testValues() {
        let x = Tensor([-2, -0.5, 0, 0.5, 3])
        assertTensorsClose(ReLU()(x.reshaped([1, 5])), Tensor([[0, 0, 0, 0.5, 3]]))
        assertTensorsClose(ReLU(maxValue: 1)(x.reshaped([1, 5])), Tensor([[0, 0, 0, 0.5, 1]]))
        assertTensorsClose(ReLU(negativeSlope: 0.1, threshold: 1)(x.reshaped([1, 5])),
                           Tensor([[-0.3, -0.15, -0.1, -0.05, 3]]))
    }

    func testNegativeMaxValueThrowsAtBuild() {
        XCTAssertThrowsError(try ReLU(maxValue: -1).buildIfNeeded([[2]])) { error in
            XCTAssertTrue("\(error)".hasSuffix("Received: maxValue=-1.0"), "\(error)")
        }
    }
}
