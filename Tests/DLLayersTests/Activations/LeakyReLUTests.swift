import DLLayers
import DLTestSupport
import XCTest

final class LeakyReLUTests: XCTestCase {
    func testConformance() {
        assertLayerConforms({ LeakyReLU() }, inputShape: [6])
        assertLayerConforms({ LeakyReLU(negativeSlope: 0.01) }, inputShape: [2, 2, 2])
    }

    func testValues() {
        let x = Tensor([[-2, 0.5]])
        assertTensorsClose(LeakyReLU()(x), Tensor([[-0.6, 0.5]]))
        assertTensorsClose(LeakyReLU(negativeSlope: 0.1)(x), Tensor([[-0.2, 0.5]]))
        XCTAssertThrowsError(try LeakyReLU(negativeSlope: -1).buildIfNeeded([[2]]))
    }
}
