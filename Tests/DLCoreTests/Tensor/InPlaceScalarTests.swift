import DLCore
import DLTestSupport
import XCTest

/// In-place scalar scaling keeps value semantics, matches `*` and `/`, and stays differentiable.
final class InPlaceScalarTests: XCTestCase {
    func testScalingInPlaceMatchesTheOperatorsAndLeavesCopiesAlone() {
        let original = Tensor([[2, 4, -6], [8, 10, 255]])
        var scaled = original
        scaled /= 255
        XCTAssertEqual(scaled, original / 255)
        XCTAssertEqual(original, Tensor([[2, 4, -6], [8, 10, 255]]), "the shared storage was copied first")
        scaled *= 3
        XCTAssertEqual(scaled, original / 255 * 3)
        var empty = Tensor.zeros([0, 3])
        empty *= 2
        XCTAssertEqual(empty.shape, [0, 3])
    }

    func testScalingInPlaceIsRecordedInsideAGradientRecording() {
        let w = Variable(Tensor([1, 2, 3]), name: "w")
        let (_, gradients) = valueWithGradient(wrt: [w]) { () -> Tensor in
            var x = w.value
            x *= 3
            x /= 2
            return x.sum()
        }
        XCTAssertEqual(gradients[0], Tensor([1.5, 1.5, 1.5]))
    }
}
