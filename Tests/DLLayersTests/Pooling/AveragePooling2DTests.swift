import DLLayers
import DLTestSupport
import XCTest

final class AveragePooling2DTests: XCTestCase {
    func testConformance() {
        assertLayerConforms({ AveragePooling2D() }, inputShape: [4, 4, 2])
        assertLayerConforms({ AveragePooling2D(poolSize: 3, strides: 2, padding: .same) }, inputShape: [5, 5, 1])
    }

    func testAveragesEachWindow() {
        let x = Tensor(shape: [1, 2, 4, 1], scalars: [1, 2, 5, 6,
                                                      3, 4, 7, 8])
        assertTensorsClose(AveragePooling2D()(x), Tensor(shape: [1, 1, 2, 1], scalars: [2.5, 6.5]))
        // 'same' pads one row below and one column right; border windows average only their
        // real cells (Keras): {1, 2, 5, 3, 4, 7} → 22/6 and {5, 6, 7, 8} → 6.5.
        let same = AveragePooling2D(poolSize: 3, strides: 2, padding: .same)(x)
        assertTensorsClose(same, Tensor(shape: [1, 1, 2, 1], scalars: [22.0 / 6, 6.5]))
    }

    func testShapes() throws {
        XCTAssertEqual(try AveragePooling2D().computeOutputShape([7, 7, 3]), [3, 3, 3])
        XCTAssertEqual(try AveragePooling2D(padding: .same).computeOutputShape([7, 7, 3]), [4, 4, 3])
        XCTAssertEqual(try AveragePooling2D(poolSize: (2, 1), strides: (2, 1)).computeOutputShape([4, 4, 1]), [2, 4, 1])
        XCTAssertThrowsError(try AveragePooling2D(poolSize: 5).computeOutputShape([4, 4, 1]))
    }
}
