import DL
import DLTestSupport
import XCTest

/// `Add`: conformance with two and three inputs and with broadcasting, a worked example, and
/// Keras's outputs on the same inputs.
final class AddTests: XCTestCase {
    func testConforms() {
        assertMergeLayerConforms({ Add() }, inputShapes: [[3], [3]])
        assertMergeLayerConforms({ Add() }, inputShapes: [[2, 3], [2, 3], [2, 3]])
        assertMergeLayerConforms({ Add() }, inputShapes: [[4, 3], [1, 3]])
        assertMergeLayerConforms({ Add() }, inputShapes: [[4, 3], [3]])
    }

    func testWorkedExample() {
        let a = Tensor([[1, 2], [3, 4]]), b = Tensor([[10, 20], [30, 40]]), c = Tensor([[-1, -1], [0, 0.5]])
        XCTAssertEqual(Add()([a, b, c]), Tensor([[10, 21], [33, 44.5]]))
        // [batch, 2, 2] + [batch, 2]: the second is broadcast over the first's rows (Keras expands axis 1).
        let rows = Tensor(shape: [1, 2, 2], scalars: [1, 2, 3, 4]), row = Tensor(shape: [1, 2], scalars: [10, 100])
        XCTAssertEqual(Add()([rows, row]).scalars, [11, 102, 13, 104])
    }

    func testMatchesKeras() throws {
        for name in ["add_two", "add_three", "add_broadcast", "add_rank_broadcast"] {
            try KerasOutputFixture("merge_" + name).assertLayerMatchesKeras()
        }
    }
}
