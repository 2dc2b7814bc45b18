import DLLayers
import DLTestSupport
import XCTest

final class ZeroPadding2DTests: XCTestCase {
    func testConformance() {
        assertLayerConforms({ ZeroPadding2D() }, inputShape: [2, 3, 2])
        assertLayerConforms({ ZeroPadding2D(padding: ((0, 1), (2, 0))) }, inputShape: [3, 2, 1])
    }

    func testPadsEverySide() throws {
        let x = Tensor(shape: [1, 1, 2, 1], scalars: [1, 2])
        XCTAssertEqual(ZeroPadding2D()(x).scalars, [0, 0, 0, 0,
                                                    0, 1, 2, 0,
                                                    0, 0, 0, 0])
        XCTAssertEqual(try ZeroPadding2D(padding: (1, 2)).computeOutputShape([28, 28, 3]), [30, 32, 3])
        XCTAssertEqual(try ZeroPadding2D(padding: ((0, 1), (2, 3))).computeOutputShape([4, 4, 1]), [5, 9, 1])
    }

    func testErrors() {
        XCTAssertThrowsError(try ZeroPadding2D(padding: -2).computeOutputShape([4, 4, 1]))
        XCTAssertNotNil(ZeroPadding2D()(InputLayer(shape: [4, 4]).makeOutput()).error)
    }
}
