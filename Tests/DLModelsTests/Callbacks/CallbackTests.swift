import DL
import XCTest

/// A callback whose argument check fails.
private final class RefusingCallback: Callback {
    override func validateArguments() throws {
        throw DLError.invalidArgument(context: "RefusingCallback", message: "bad setting. Received: setting=-1")
    }
}

final class CallbackTests: XCTestCase {
    func testFitChecksEveryCallbacksArgumentsBeforeTraining() throws {
        XCTAssertNoThrow(try Callback().validateArguments(), "the base callback accepts everything")
        let (model, weight) = scaleModel()
        model.compile(optimizer: SGD(learningRate: 0.5), loss: .meanSquaredError)
        var began = false
        let x = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        XCTAssertThrowsError(try model.fit(x: x, y: x * 3, verbose: 0,
                                           callbacks: [LambdaCallback(onTrainBegin: { _ in began = true }), RefusingCallback()])) { error in
            XCTAssertEqual(error as? DLError, .invalidArgument(context: "RefusingCallback", message: "bad setting. Received: setting=-1"))
        }
        XCTAssertFalse(began)
        XCTAssertEqual(weight.storedValue.scalars, [1, 1], "no step ran")
    }
}
