import DL
import XCTest

final class ConfusionMatrixTests: XCTestCase {
    func testRowsAreTrueClassesColumnsPredictions() {
        let yTrue = Tensor([0, 0, 1, 2, 2, 2])
        let yPred = Tensor([0, 1, 1, 2, 0, 2])
        XCTAssertEqual(confusionMatrix(yTrue: yTrue, yPred: yPred, numClasses: 3),
                       Tensor([[1, 1, 0], [0, 1, 0], [1, 0, 2]]))
    }

    func testClassesNeverSeenGiveZeroRowsAndColumns() {
        let matrix = confusionMatrix(yTrue: Tensor([1, 1]), yPred: Tensor([1, 1]), numClasses: 4)
        XCTAssertEqual(matrix.shape, [4, 4])
        XCTAssertEqual(matrix.sum().scalar, 2)
        XCTAssertEqual(matrix.scalars[1 * 4 + 1], 2)
    }
}
