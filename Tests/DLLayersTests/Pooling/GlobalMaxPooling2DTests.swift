import DLLayers
import DLTestSupport
import XCTest

final class GlobalMaxPooling2DTests: XCTestCase {
    func testConformance() {
        assertLayerConforms({ GlobalMaxPooling2D() }, inputShape: [3, 4, 2])
        assertLayerConforms({ GlobalMaxPooling2D(keepDims: true) }, inputShape: [2, 2, 3])
    }

    func testMaximumPerChannel() throws {
        let x = Tensor(shape: [1, 2, 2, 2], scalars: [1, -10, 2, -20, 3, -30, 4, -40])
        assertTensorsClose(GlobalMaxPooling2D()(x), Tensor([[4, -10]]))
        XCTAssertEqual(try GlobalMaxPooling2D(keepDims: true).computeOutputShape([5, 5, 8]), [1, 1, 8])
        XCTAssertNotNil(GlobalMaxPooling2D()(InputLayer(shape: [5]).makeOutput()).error)
    }
}
