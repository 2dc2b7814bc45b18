import DLLayers
import DLTestSupport
import XCTest

final class GlobalAveragePooling2DTests: XCTestCase {
    func testConformance() {
        assertLayerConforms({ GlobalAveragePooling2D() }, inputShape: [3, 4, 2])
        assertLayerConforms({ GlobalAveragePooling2D(keepDims: true) }, inputShape: [2, 2, 3])
    }

    func testMeanPerChannel() throws {
        let x = Tensor(shape: [1, 2, 2, 2], scalars: [1, 10, 2, 20, 3, 30, 4, 40])
        assertTensorsClose(GlobalAveragePooling2D()(x), Tensor([[2.5, 25]]))
        XCTAssertEqual(GlobalAveragePooling2D(keepDims: true)(x).shape, [1, 1, 1, 2])
        XCTAssertEqual(try GlobalAveragePooling2D().computeOutputShape([7, 7, 64]), [64])
        XCTAssertThrowsError(try GlobalAveragePooling2D().computeOutputShape([7, 64]))
    }
}
