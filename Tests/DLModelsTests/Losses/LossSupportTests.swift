import DL
import XCTest

/// The shape checks shared by the element-wise losses (Keras's rank matching).
final class LossSupportTests: XCTestCase {
    func testElementwiseShapes() throws {
        try lossNamed(.meanSquaredError).validate(yTrueShape: [8], yPredShape: [8, 1])
        try lossNamed(.binaryCrossentropy).validate(yTrueShape: [8, 1], yPredShape: [8])
        let text = validationMessage { try lossNamed(.meanSquaredError).validate(yTrueShape: [8], yPredShape: [8, 10]) }
        XCTAssertTrue(text.contains("mean_squared_error") && text.contains("[8]") && text.contains("[8, 10]"), text)
        XCTAssertThrowsError(try lossNamed(.hinge).validate(yTrueShape: [8, 2], yPredShape: [8, 3]))
    }
}
