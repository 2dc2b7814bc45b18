import DLLayers
import DLTestSupport
import XCTest

final class ReshapeTests: XCTestCase {
    func testConformance() {
        assertLayerConforms({ Reshape([3, 4]) }, inputShape: [12])
        assertLayerConforms({ Reshape([-1, 2]) }, inputShape: [2, 3])
    }

    func testInfersMinusOne() throws {
        XCTAssertEqual(try Reshape([-1, 7]).computeOutputShape([28, 2]), [8, 7])
        XCTAssertEqual(try Reshape([28, 28, 1]).computeOutputShape([784]), [28, 28, 1])
        let y = Reshape([2, -1])(Tensor(shape: [3, 4], scalars: (0..<12).map(Float.init)))
        XCTAssertEqual(y.shape, [3, 2, 2])
        XCTAssertEqual(y.scalars, (0..<12).map(Float.init))
    }

    func testSizeMismatchThrows() {
        let reshape = Reshape([5, 5])
        XCTAssertThrowsError(try reshape.buildIfNeeded([[24]])) { error in
            guard case let .shapeMismatch(context, _, received)? = error as? DLError else { return XCTFail("\(error)") }
            XCTAssertTrue(context.contains(reshape.name))
            XCTAssertEqual(received, [24])
        }
        XCTAssertThrowsError(try Reshape([-1, 5]).computeOutputShape([24]))
        XCTAssertNotNil(Reshape([7])(InputLayer(shape: [2, 3]).makeOutput()).error)
    }

    func testBadTargetShapeThrows() {
        XCTAssertThrowsError(try Reshape([-1, -1]).computeOutputShape([4])) { error in
            XCTAssertTrue("\(error)".hasSuffix("Received: targetShape=[-1, -1]"), "\(error)")
        }
        XCTAssertThrowsError(try Reshape([0, 4]).computeOutputShape([4]))
    }
}
