import DL
import DLTestSupport
import XCTest

final class RescalingTests: XCTestCase {
    func testScalesAndShiftsAlways() {
        let x = Tensor([0, 127.5, 255])
        XCTAssertEqual(Rescaling(scale: 1.0 / 127.5, offset: -1)(x.reshaped([3, 1]), training: false).scalars, [-1, 0, 1])
        XCTAssertEqual(Rescaling(scale: 2)(x.reshaped([3, 1]), training: true).scalars, [0, 255, 510])
    }

    func testGradientIsScale() {
        let layer = Rescaling(scale: 0.5, offset: 3)
        let x = Variable(PreprocessingFixtures.images([2, 2, 3, 1]), name: "x")
        GradientCheck.assertGradientsMatch(of: { layer(x.value) * x.value }, wrt: [x])
    }

    /// Keras writes 1/255 as a double; it comes back exactly.
    func testConfigKeepsKerasNumbers() throws {
        let config: LayerConfig = ["scale": .double(1.0 / 255), "offset": .double(0)]
        let layer = try XCTUnwrap(try Rescaling.fromConfig(config) as? Rescaling)
        XCTAssertEqual(layer.getConfig()["scale"], .double(1.0 / 255))
        XCTAssertEqual(layer.scale, Float(1.0 / 255))
        XCTAssertThrowsError(try Rescaling.fromConfig(["scale": [1, 2, 3]]))
    }
}
