import DL
import XCTest

/// Nice ticks (1, 2 or 5 × 10^k, the range widened to whole steps) and the epoch axis.
final class PlotAxisTests: XCTestCase {
    private func assertScale(_ scale: NiceScale, lower: Double, upper: Double, step: Double, labels: [String],
                             file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(scale.lower, lower, accuracy: 1e-12, file: file, line: line)
        XCTAssertEqual(scale.upper, upper, accuracy: 1e-12, file: file, line: line)
        XCTAssertEqual(scale.step, step, accuracy: 1e-15, file: file, line: line)
        XCTAssertEqual(scale.ticks.map(scale.label), labels, file: file, line: line)
    }

    func testLossRange() {
        assertScale(NiceScale(minimum: 0.28, maximum: 0.65), lower: 0.2, upper: 0.7, step: 0.1,
                    labels: ["0.2", "0.3", "0.4", "0.5", "0.6", "0.7"])
    }

    func testFloatValuesOnAStepAreNotWidenedByAnotherStep() {
        // Float(1.2) is 1.2000000476837158: still the sixth step of 0.2.
        assertScale(NiceScale(minimum: Double(Float(0.25)), maximum: Double(Float(1.2))), lower: 0.2, upper: 1.2, step: 0.2,
                    labels: ["0.2", "0.4", "0.6", "0.8", "1.0", "1.2"])
    }

    func testAccuracyRange() {
        assertScale(NiceScale(minimum: 0.85, maximum: 0.93), lower: 0.84, upper: 0.94, step: 0.02,
                    labels: ["0.84", "0.86", "0.88", "0.90", "0.92", "0.94"])
    }

    func testLargeAndSymmetricRanges() {
        assertScale(NiceScale(minimum: 0, maximum: 1000), lower: 0, upper: 1000, step: 200,
                    labels: ["0", "200", "400", "600", "800", "1000"])
        assertScale(NiceScale(minimum: -1, maximum: 0.9), lower: -1, upper: 1, step: 0.5,
                    labels: ["-1.0", "-0.5", "0.0", "0.5", "1.0"])
    }

    func testEqualValuesAreWidened() {
        assertScale(NiceScale(minimum: 5, maximum: 5), lower: 4.4, upper: 5.6, step: 0.2,
                    labels: ["4.4", "4.6", "4.8", "5.0", "5.2", "5.4", "5.6"])
        assertScale(NiceScale(minimum: 0, maximum: 0), lower: -1, upper: 1, step: 0.5,
                    labels: ["-1.0", "-0.5", "0.0", "0.5", "1.0"])
    }

    func testEpochAxis() {
        assertScale(NiceScale(epochs: 1), lower: 0.5, upper: 1.5, step: 1, labels: ["1"])
        assertScale(NiceScale(epochs: 5), lower: 0.84, upper: 5.16, step: 1, labels: ["1", "2", "3", "4", "5"])
        assertScale(NiceScale(epochs: 12), lower: 0.56, upper: 12.44, step: 2, labels: ["2", "4", "6", "8", "10", "12"])
        assertScale(NiceScale(epochs: 30), lower: -0.16, upper: 31.16, step: 5, labels: ["5", "10", "15", "20", "25", "30"])
    }
}
