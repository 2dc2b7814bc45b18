import DL
import XCTest

/// Matplotlib's tab10 (cycling) and Blues colour map.
final class PaletteTests: XCTestCase {
    func testTab10Cycles() {
        XCTAssertEqual(Palette.color(0), "#1f77b4")
        XCTAssertEqual(Palette.color(9), "#17becf")
        XCTAssertEqual(Palette.color(10), "#1f77b4")
        XCTAssertEqual(Palette.color(-1), "#17becf")
    }

    func testBlues() {
        XCTAssertEqual(Palette.blues(0), "#f7fbff")
        XCTAssertEqual(Palette.blues(1), "#08306b")
        XCTAssertEqual(Palette.blues(0.5), "#6baed6")
        XCTAssertEqual(Palette.blues(1.0 / 16), "#ebf3fb", "halfway between the first two anchors")
    }
}
