import DL
import DLTestSupport
import XCTest

/// `Subtract`: conformance (with broadcasting), a worked example, Keras's outputs, and exactly two inputs.
final class SubtractTests: XCTestCase {
    func testConforms() {
        assertMergeLayerConforms({ Subtract() }, inputShapes: [[5], [5]])
        assertMergeLayerConforms({ Subtract() }, inputShapes: [[3, 4], [3, 1]])
    }

    func testWorkedExample() {
        XCTAssertEqual(Subtract()([Tensor([[5, 1]]), Tensor([[2, 3]])]), Tensor([[3, -2]]))
    }

    func testMatchesKeras() throws {
        try KerasOutputFixture("merge_subtract").assertLayerMatchesKeras()
        try KerasOutputFixture("merge_subtract_broadcast").assertLayerMatchesKeras()
    }

    func testThreeInputsAreADLError() throws {
        XCTAssertThrowsError(try Subtract(name: "minus").computeOutputShape([[2], [2], [2]])) { error in
            XCTAssertEqual("\(error)", "layer 'minus' (Subtract): A merge layer should be called on a list of exactly 2 inputs. "
                           + "Received 3 inputs: input_shape=[(2,), (2,), (2,)]")
        }
    }
}
