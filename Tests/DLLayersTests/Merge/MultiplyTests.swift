import DL
import DLTestSupport
import XCTest

/// `Multiply`: conformance with two and three inputs and with broadcasting, a worked example, Keras's outputs.
final class MultiplyTests: XCTestCase {
    func testConforms() {
        assertMergeLayerConforms({ Multiply() }, inputShapes: [[4], [4]])
        assertMergeLayerConforms({ Multiply() }, inputShapes: [[4], [4], [4]])
        assertMergeLayerConforms({ Multiply() }, inputShapes: [[2, 3], [1, 3]])
    }

    func testWorkedExample() {
        XCTAssertEqual(Multiply()([Tensor([[1, 2, 3]]), Tensor([[2, 2, -1]]), Tensor([[0.5, 3, 2]])]), Tensor([[1, 12, -6]]))
    }

    func testMatchesKeras() throws {
        try KerasOutputFixture("merge_multiply_three").assertLayerMatchesKeras()
        try KerasOutputFixture("merge_multiply_broadcast").assertLayerMatchesKeras()
    }
}
