import DLData
import XCTest

final class ToCategoricalTests: XCTestCase {
    func testOneHotWithInferredClassCount() {
        XCTAssertEqual(toCategorical(Tensor([2, 0, 1, 2])),
                       Tensor([[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]]))
    }

    func testColumnVectorAndExplicitClassCount() {
        let y = Tensor(shape: [2, 1], scalars: [1, 3])
        XCTAssertEqual(toCategorical(y, numClasses: 5), Tensor([[0, 1, 0, 0, 0], [0, 0, 0, 1, 0]]))
    }

    func testEmptyLabels() {
        XCTAssertEqual(toCategorical(Tensor(shape: [0], scalars: []), numClasses: 10).shape, [0, 10])
    }
}
