import DLData
import DLTestSupport
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

/// `toCategorical` keeps its non-throwing signature: misuse traps with a message in release builds
/// too (run in a child process: a trap ends the process).
final class ToCategoricalTrapTests: XCTestCase {
    func testLabelAtOrAboveNumClassesNamesLabelAndCount() {
        assertTraps(stderrContains: ["SwiftDL: toCategorical: label 1 is 10, out of range for numClasses=10"]) {
            _ = toCategorical(Tensor([3, 10, 2]), numClasses: 10)
        }
    }

    func testNonIntegerLabel() {
        assertTraps(stderrContains: ["SwiftDL: toCategorical: label 0 is 2.5"]) {
            _ = toCategorical(Tensor([2.5]))
        }
    }
}
