import DL
import XCTest

/// Shape and label checks name the loss and both shapes.
final class LossValidationTests: XCTestCase {
    private func message(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        return ""
    }

    func testCategoricalWithClassIdsSuggestsSparse() {
        let text = message { try lossNamed(.categoricalCrossentropy).validate(yTrueShape: [32], yPredShape: [32, 10]) }
        XCTAssertTrue(text.contains("categorical_crossentropy"), text)
        XCTAssertTrue(text.contains("sparseCategoricalCrossentropy"), text)
        XCTAssertTrue(text.contains("toCategorical"), text)
        XCTAssertTrue(text.contains("[32]") && text.contains("[32, 10]"), text)
        XCTAssertNoThrow(try lossNamed(.categoricalCrossentropy).validate(yTrueShape: [32, 10], yPredShape: [32, 10]))
    }

    func testSparseShapes() throws {
        try lossNamed(.sparseCategoricalCrossentropy).validate(yTrueShape: [32], yPredShape: [32, 10])
        try lossNamed(.sparseCategoricalCrossentropy).validate(yTrueShape: [32, 1], yPredShape: [32, 10])
        let text = message { try lossNamed(.sparseCategoricalCrossentropy).validate(yTrueShape: [32, 10], yPredShape: [32, 10]) }
        XCTAssertTrue(text.contains("sparse_categorical_crossentropy") && text.contains("one-hot"), text)
    }

    func testSparseLabelValues() {
        let text = message { try lossNamed(.sparseCategoricalCrossentropy).validate(yTrue: Tensor([0, 3]), yPredShape: [2, 3]) }
        XCTAssertTrue(text.contains("0..<3") && text.contains("3.0"), text)
        XCTAssertNoThrow(try lossNamed(.sparseCategoricalCrossentropy).validate(yTrue: Tensor([0, 2]), yPredShape: [2, 3]))
        XCTAssertTrue(lossValue(.sparseCategoricalCrossentropy, Tensor([5]), Tensor([[0.5, 0.5]])).isNaN)
    }

    func testElementwiseShapes() throws {
        try lossNamed(.meanSquaredError).validate(yTrueShape: [8], yPredShape: [8, 1])
        try lossNamed(.binaryCrossentropy).validate(yTrueShape: [8, 1], yPredShape: [8])
        let text = message { try lossNamed(.meanSquaredError).validate(yTrueShape: [8], yPredShape: [8, 10]) }
        XCTAssertTrue(text.contains("mean_squared_error") && text.contains("[8]") && text.contains("[8, 10]"), text)
        XCTAssertThrowsError(try lossNamed(.hinge).validate(yTrueShape: [8, 2], yPredShape: [8, 3]))
    }

    func testCustomLossChecksBatch() {
        XCTAssertThrowsError(try CustomLoss { t, _ in t }.validate(yTrueShape: [4, 2], yPredShape: [5, 2]))
    }
}
