import DL
import XCTest

final class ProgressBarFormattingTests: XCTestCase {
    func testStepTime() {
        XCTAssertEqual(ProgressBar.formatStepTime(0.006), "6ms/step")
        XCTAssertEqual(ProgressBar.formatStepTime(0.00012), "120us/step")
        XCTAssertEqual(ProgressBar.formatStepTime(1.2), "1s/step")
        XCTAssertEqual(ProgressBar.formatStepTime(0), "0s/step")
        XCTAssertEqual(ProgressBar.formatStepTime(0.0995), "100ms/step")
        XCTAssertEqual(ProgressBar.formatStepTime(0.0025), "2ms/step")   // half to even, as Python's %.0f
        XCTAssertEqual(ProgressBar.formatStepTime(2.5, unit: "sample"), "2s/sample")
    }

    func testDuration() {
        XCTAssertEqual(ProgressBar.formatDuration(3.2), "3s")
        XCTAssertEqual(ProgressBar.formatDuration(0.4), "0s")
        XCTAssertEqual(ProgressBar.formatDuration(59.4), "59s")
        XCTAssertEqual(ProgressBar.formatDuration(65), "1m 05s")
        XCTAssertEqual(ProgressBar.formatDuration(600), "10m 00s")
        XCTAssertEqual(ProgressBar.formatDuration(3723), "1h 02m 03s")
    }

    func testETA() {
        XCTAssertEqual(ProgressBar.formatETA(2.7), "2s")
        XCTAssertEqual(ProgressBar.formatETA(65), "1:05")
        XCTAssertEqual(ProgressBar.formatETA(3661), "1:01:01")
    }

    func testValues() {
        XCTAssertEqual(ProgressBar.formatValue(0.52341), "0.5234")
        XCTAssertEqual(ProgressBar.formatValue(12.5), "12.5000")
        XCTAssertEqual(ProgressBar.formatValue(0.000123), "1.2300e-04")
        XCTAssertEqual(ProgressBar.formatValue(0), "0.0000e+00")
        XCTAssertEqual(ProgressBar.formatValue(.nan), "nan")
    }

    func testCounterBarAndHeader() {
        XCTAssertEqual(ProgressBar.counter(12, of: 469), " 12/469")
        XCTAssertEqual(ProgressBar.bar(469, of: 469), "[" + String(repeating: "=", count: 30) + "]")
        XCTAssertEqual(ProgressBar.bar(0, of: 469), "[" + String(repeating: ".", count: 30) + "]")
        XCTAssertEqual(ProgressBar.bar(5, of: 10, width: 10), "[====>.....]")
        XCTAssertEqual(ProgressBar.bar(1, of: 10, width: 10), "[>.........]")
        XCTAssertEqual(ProgressBar.epochHeader(0, of: 5), "Epoch 1/5")
    }

    func testFormattedFollowsPrintfAndGrowsPastItsFirstBuffer() {
        XCTAssertEqual(ProgressBar.formatted(0.52344, "%.4f"), "0.5234")
        XCTAssertEqual(ProgressBar.formatted(0.000123, "%.4e"), "1.2300e-04")
        XCTAssertEqual(ProgressBar.formatted(2.5, "%.3f"), "2.500")
        let long = ProgressBar.formatted(1e100, "%.4f")   // 101 digits, 4 decimals: longer than 64 characters
        // The double nearest 1e100, printed exactly.
        XCTAssertEqual(long, "10000000000000000159028911097599180468360808563945281389781327557747838772170381060813469985856815104.0000")
    }
}
