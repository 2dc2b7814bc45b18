import DLCore
import Foundation
import XCTest

/// PNG through libpng: round trips in every channel layout, the header fields libpng writes, a file
/// made by another encoder (Python's zlib and struct), and clear errors for bad sizes and bytes.
final class PNGTests: XCTestCase {
    func testEveryChannelLayoutRoundTripsExactly() throws {
        for channels in 1...4 {
            let width = 5, height = 3
            let pixels = (0..<width * height * channels).map { UInt8(($0 * 37 + channels) % 256) }
            let file = try PNG.encode(pixels: pixels, width: width, height: height, channels: channels)
            let decoded = try PNG.decode(file, channels: channels)
            XCTAssertEqual(decoded.width, width)
            XCTAssertEqual(decoded.height, height)
            XCTAssertEqual(decoded.pixels, pixels, "channels \(channels)")
        }
    }

    func testTheHeaderNamesTheSizeAndColourType() throws {
        let file = try PNG.encode(pixels: [UInt8](repeating: 7, count: 4 * 2 * 3), width: 4, height: 2, channels: 3)
        XCTAssertEqual(Array(file.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        XCTAssertEqual(Array(file[12..<16]), Array("IHDR".utf8))
        XCTAssertEqual(Array(file[16..<24]), [0, 0, 0, 4, 0, 0, 0, 2])     // width, height (big-endian)
        XCTAssertEqual(file[24], 8)                                         // bit depth
        XCTAssertEqual(file[25], 2)                                         // colour type: RGB
    }

    func testAFileFromAnotherEncoderDecodesAndConverts() throws {
        // 3 × 2 RGB, written by hand with Python's zlib and struct (not libpng).
        let base64 = "iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAIAAAASFvFNAAAAF0lEQVR4nGPgEpHTMLJxC4hi+M/AAMEAJwsEwAkWNw4AAAAASUVORK5CYII="
        let file = [UInt8](try XCTUnwrap(Data(base64Encoded: base64)))
        let rgb = try PNG.decode(file, channels: 3)
        XCTAssertEqual(rgb.width, 3)
        XCTAssertEqual(rgb.height, 2)
        XCTAssertEqual(rgb.pixels, [10, 20, 30, 40, 50, 60, 70, 80, 90, 255, 0, 0, 0, 255, 0, 0, 0, 255])
        let rgba = try PNG.decode(file, channels: 4)
        XCTAssertEqual(Array(rgba.pixels.prefix(8)), [10, 20, 30, 255, 40, 50, 60, 255])
        let gray = try PNG.decode(file, channels: 1)
        XCTAssertEqual(gray.pixels.count, 6)
    }

    func testBadSizesAndBytesThrowClearErrors() throws {
        XCTAssertThrowsError(try PNG.encode(pixels: [1, 2, 3], width: 2, height: 2, channels: 1)) { error in
            XCTAssertTrue("\(error)".contains("4 bytes expected. Received: 3"), "\(error)")
        }
        XCTAssertThrowsError(try PNG.encode(pixels: [], width: 0, height: 0, channels: 1))
        XCTAssertThrowsError(try PNG.encode(pixels: [0], width: 1, height: 1, channels: 5)) { error in
            XCTAssertTrue("\(error)".contains("Received: 5"), "\(error)")
        }
        XCTAssertThrowsError(try PNG.decode(Array("not a png".utf8), channels: 1, path: "x.png")) { error in
            XCTAssertTrue("\(error)".contains("x.png"), "\(error)")
        }
        var truncated = try PNG.encode(pixels: [UInt8](repeating: 9, count: 64 * 64), width: 64, height: 64, channels: 1)
        truncated.removeLast(truncated.count / 2)
        XCTAssertThrowsError(try PNG.decode(truncated, channels: 1, path: "cut.png")) { error in
            XCTAssertTrue("\(error)".contains("cut.png"), "\(error)")
        }
    }
}
