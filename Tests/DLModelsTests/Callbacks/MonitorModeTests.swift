import DL
import XCTest

final class MonitorModeTests: XCTestCase {
    func testAutoDecidesFromTheName() {
        XCTAssertTrue(MonitorMode.auto.maximizes("accuracy"))
        XCTAssertFalse(MonitorMode.auto.maximizes("val_loss"))
        XCTAssertTrue(MonitorMode.auto.maximizes("val_precision"))
        XCTAssertTrue(MonitorMode.min.maximizes("min") == false && MonitorMode.max.maximizes("loss"))
    }
}
