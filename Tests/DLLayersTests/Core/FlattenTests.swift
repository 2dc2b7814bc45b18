import DLLayers
import DLTestSupport
import XCTest

final class FlattenTests: XCTestCase {
    func testConformance() {
        assertLayerConforms({ Flatten() }, inputShape: [2, 3, 2])
        assertLayerConforms({ Flatten(inputShape: [5]) }, inputShape: [5])
    }

    func testFlattensEachSampleInOrder() throws {
        let x = Tensor(shape: [2, 2, 2], scalars: [1, 2, 3, 4, 5, 6, 7, 8])
        let y = Flatten()(x)
        XCTAssertEqual(y.shape, [2, 4])
        XCTAssertEqual(y.scalars, x.scalars)
        XCTAssertEqual(try Flatten().computeOutputShape([28, 28, 1]), [784])
    }

    func testDeclaredInputShapeIsChecked() {
        let flatten = Flatten(inputShape: [28, 28])
        XCTAssertThrowsError(try flatten.buildIfNeeded([[28, 27]]))
        XCTAssertNoThrow(try Flatten(inputShape: [28, 28]).buildIfNeeded([[28, 28]]))
    }
}
