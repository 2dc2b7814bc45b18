import DL
import DLTestSupport
import XCTest

/// `Average`: conformance with two and three inputs and with broadcasting, a worked example, Keras's outputs.
final class AverageTests: XCTestCase {
    func testConforms() {
        assertMergeLayerConforms({ Average() }, inputShapes: [[4], [4]])
        assertMergeLayerConforms({ Average() }, inputShapes: [[4], [4], [4]])
        assertMergeLayerConforms({ Average() }, inputShapes: [[3, 2], [2]])
    }

    func testWorkedExample() {
        XCTAssertEqual(Average()([Tensor([[1, 2]]), Tensor([[2, 4]]), Tensor([[6, 0]])]), Tensor([[3, 2]]))
        XCTAssertEqual(Average()([Tensor(shape: [1, 2, 1], scalars: [1, 3]), Tensor(shape: [1, 1], scalars: [5])]).scalars, [3, 4])
    }

    func testMatchesKeras() throws {
        try KerasOutputFixture("merge_average_three").assertLayerMatchesKeras()
        try KerasOutputFixture("merge_average_broadcast").assertLayerMatchesKeras()
    }
}
