import DLLayers
import DLTestSupport
import XCTest

final class Conv1DTests: XCTestCase {
    func testConformance() {
        assertLayerConforms({ Conv1D(2, kernelSize: 3) }, inputShape: [6, 2],
                            weightNames: ["kernel", "bias"], paramCount: 3 * 2 * 2 + 2)
        assertLayerConforms({ Conv1D(3, kernelSize: 2, strides: 2, padding: .same, activation: .sigmoid) },
                            inputShape: [7, 1], weightNames: ["kernel", "bias"], paramCount: 9)
    }

    /// The course's example: [1, 2, 1, 3, 2, 0, 2, 1] padded by 2, kernel [1, 0, 1, −1], stride 2.
    func testCourseExampleWithZeroPadding() {
        let x = Tensor(shape: [1, 8, 1], scalars: [1, 2, 1, 3, 2, 0, 2, 1])
        let padding = ZeroPadding1D(padding: 2)
        let conv = Conv1D(1, kernelSize: 4, strides: 2, useBias: false)
        let padded = padding(x)
        XCTAssertEqual(padded.scalars, [0, 0, 1, 2, 1, 3, 2, 0, 2, 1, 0, 0])
        _ = conv(padded)
        XCTAssertEqual(conv.weights.map(\.shape), [[4, 1, 1]])
        conv.weights[0].value = Tensor(shape: [4, 1, 1], scalars: [1, 0, 1, -1])
        assertTensorsClose(conv(padded), Tensor(shape: [1, 5, 1], scalars: [-1, -1, 3, 3, 2]))
    }

    func testShapes() throws {
        XCTAssertEqual(try Conv1D(4, kernelSize: 3, strides: 2, padding: .same).computeOutputShape([7, 2]), [4, 4])
        XCTAssertEqual(try Conv1D(4, kernelSize: 3).computeOutputShape([7, 2]), [5, 4])
        XCTAssertEqual(Conv1D(4, kernelSize: 3)(Tensor.zeros([3, 7, 2])).shape, [3, 5, 4])
    }

    func testErrors() {
        let output = Conv1D(2, kernelSize: 5)(InputLayer(shape: [3, 1]).makeOutput())
        XCTAssertTrue(output.error?.description.contains("steps ≥ 5") ?? false, "\(String(describing: output.error))")
        XCTAssertThrowsError(try Conv1D(2, kernelSize: 2).buildIfNeeded([[4, 4, 1]]))
    }
}
