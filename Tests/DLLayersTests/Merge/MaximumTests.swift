import DL
import DLTestSupport
import XCTest

/// `Maximum`: conformance with two and three inputs and with broadcasting, a worked example (the
/// gradient to the first maximum), Keras's outputs.
final class MaximumTests: XCTestCase {
    func testConforms() {
        assertMergeLayerConforms({ Maximum() }, inputShapes: [[5], [5]])
        assertMergeLayerConforms({ Maximum() }, inputShapes: [[5], [5], [5]])
        assertMergeLayerConforms({ Maximum() }, inputShapes: [[3, 4], [1, 4]])
    }

    func testWorkedExampleAndTies() {
        let a = Variable(Tensor([[1, 5, 2]]), name: "a"), b = Variable(Tensor([[3, 5, -1]]), name: "b")
        let layer = Maximum()
        XCTAssertEqual(layer([a.value, b.value]), Tensor([[3, 5, 2]]))
        let (_, grads) = valueWithGradient(wrt: [a, b]) { layer([a.value, b.value]).sum() }
        XCTAssertEqual(grads.map(\.scalars), [[0, 1, 1], [1, 0, 0]])   // the tie goes to the first input, as in Keras
    }

    func testMatchesKeras() throws {
        try KerasOutputFixture("merge_maximum_three").assertLayerMatchesKeras()
        try KerasOutputFixture("merge_maximum_broadcast").assertLayerMatchesKeras()
    }
}
