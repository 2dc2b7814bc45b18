import DLLayers
import DLTestSupport
import XCTest

final class SoftmaxTests: XCTestCase {
    func testConformance() {
        assertLayerConforms({ Softmax() }, inputShape: [5])
        assertLayerConforms({ Softmax(axis: 1) }, inputShape: [3, 4])
    }

    func testNormalizesOverTheAxis() {
        let x = Tensor([[-1, 0.5], [2, 2]])
        assertTensorsClose(Softmax()(x), Tensor([[0.18242552, 0.81757448], [0.5, 0.5]]))
        let columns = Softmax(axis: 1)(x.reshaped([1, 2, 2]))
        assertScalarsClose(columns.sum(axis: 1).scalars, [1, 1])
    }

    func testAxisOutOfRangeThrows() {
        XCTAssertThrowsError(try Softmax(axis: 3).computeOutputShape([4])) { error in
            XCTAssertTrue("\(error)".hasSuffix("Received: axis=3"), "\(error)")
        }
    }
}
