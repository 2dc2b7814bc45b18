import DLLayers
import DLTestSupport
import XCTest

final class MaxPooling2DTests: XCTestCase {
    func testConformance() {
        // The distinct input keeps every window's maximum clear of the others under finite differences.
        assertLayerConforms({ MaxPooling2D() }, inputShape: [4, 4, 2])
        assertLayerConforms({ MaxPooling2D(poolSize: 3, strides: 2, padding: .same) }, inputShape: [5, 5, 1])
        assertLayerConforms({ MaxPooling2D(poolSize: (2, 1), strides: (1, 1)) }, inputShape: [3, 2, 2])
    }

    func testTakesEachWindowsMaximum() {
        let x = Tensor(shape: [1, 4, 4, 1], scalars: [1, 2, 5, 6,
                                                      3, 4, 7, 8,
                                                      -1, -2, 0, 0,
                                                      -3, -4, 0, 9])
        assertTensorsClose(MaxPooling2D()(x), Tensor(shape: [1, 2, 2, 1], scalars: [4, 8, -1, 9]))
    }

    func testShapesAndDefaultStrides() throws {
        let pool = MaxPooling2D(poolSize: 3)
        XCTAssertTrue(pool.strides == (3, 3))
        XCTAssertEqual(try MaxPooling2D().computeOutputShape([28, 28, 6]), [14, 14, 6])
        XCTAssertEqual(try MaxPooling2D().computeOutputShape([5, 5, 1]), [2, 2, 1])
        XCTAssertEqual(try MaxPooling2D(padding: .same).computeOutputShape([5, 5, 1]), [3, 3, 1])
        XCTAssertEqual(try MaxPooling2D(poolSize: 3, strides: 1).computeOutputShape([5, 5, 1]), [3, 3, 1])
    }

    func testErrors() {
        let output = MaxPooling2D(poolSize: 4)(InputLayer(shape: [3, 3, 1]).makeOutput())
        guard case let .shapeMismatch(context, _, received)? = output.error else {
            return XCTFail("\(String(describing: output.error))")
        }
        XCTAssertTrue(context.contains("poolSize (4, 4)"), context)
        XCTAssertEqual(received, [3, 3, 1])
        XCTAssertThrowsError(try MaxPooling2D(poolSize: 0).computeOutputShape([4, 4, 1]))
        XCTAssertThrowsError(try MaxPooling2D().computeOutputShape([4, 4]))
    }
}
