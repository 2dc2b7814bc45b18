import DLLayers
import DLTestSupport
import XCTest

final class ActivationLayerTests: XCTestCase {
    func testConformance() {
        assertLayerConforms({ ActivationLayer(.tanh) }, inputShape: [5])
        assertLayerConforms({ ActivationLayer(.softmax) }, inputShape: [2, 3])
        assertLayerConforms({ ActivationLayer(.relu) }, inputShape: [2, 3])
    }

    func testAppliesTheActivation() {
        let x = Tensor([[-1, 0.5]])
        assertTensorsClose(ActivationLayer(.sigmoid)(x), Tensor([[0.26894142, 0.62245933]]))
    }

    func testKerasClassNameAndDefaultName() {
        XCTAssertEqual(ActivationLayer.kerasClassName, "Activation")
        XCTAssertTrue(ActivationLayer(.relu).name.hasPrefix("activation"))
    }
}
