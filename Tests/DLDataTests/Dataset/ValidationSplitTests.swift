import DLData
import XCTest

final class ValidationSplitTests: XCTestCase {
    func testHoldsOutTheLastFractionRoundedAsKeras() {
        XCTAssertEqual(ValidationSplit.trainingCount(samples: 10, fraction: 0.3), 7)
        XCTAssertEqual(ValidationSplit.trainingCount(samples: 60000, fraction: 0.1), 54000)
        XCTAssertEqual(ValidationSplit.trainingCount(samples: 7, fraction: 0.5), 4, "⌊3.5⌋ = 3 held out")
    }

    func testRefusesSplitsThatLeaveASideEmpty() {
        XCTAssertNil(ValidationSplit.trainingCount(samples: 10, fraction: 0.05), "no validation sample")
        XCTAssertNil(ValidationSplit.trainingCount(samples: 10, fraction: 1), "no training sample")
        XCTAssertNil(ValidationSplit.trainingCount(samples: 0, fraction: 0.5))
    }
}
