import DLLayers
import DLTestSupport
import XCTest

final class ZeroPadding1DTests: XCTestCase {
    func testConformance() {
        assertLayerConforms({ ZeroPadding1D() }, inputShape: [4, 2])
        assertLayerConforms({ ZeroPadding1D(padding: (0, 3)) }, inputShape: [3, 1])
    }

    func testPadsBothEnds() throws {
        let x = Tensor(shape: [1, 2, 2], scalars: [1, 2, 3, 4])
        XCTAssertEqual(ZeroPadding1D()(x).scalars, [0, 0, 1, 2, 3, 4, 0, 0])
        XCTAssertEqual(ZeroPadding1D(padding: (2, 0))(x).scalars, [0, 0, 0, 0, 1, 2, 3, 4])
        XCTAssertEqual(try ZeroPadding1D(padding: 2).computeOutputShape([8, 1]), [12, 1])
    }

    func testErrors() {
        XCTAssertThrowsError(try ZeroPadding1D(padding: -1).computeOutputShape([4, 1])) { error in
            XCTAssertTrue("\(error)".hasSuffix("Received: padding=(-1, -1)"), "\(error)")
        }
        XCTAssertThrowsError(try ZeroPadding1D().computeOutputShape([4]))
    }
}
