import DLData
import DL
import DLTestSupport
import Foundation
import XCTest

/// `JPEG.encode` round trips through the decoder (lossy: close, not equal) and refuses bad input.
final class JPEGTests: XCTestCase {
    /// A smooth gray and RGB image at quality 100 decode within a few levels of the original; at
    /// quality 10 the file is much smaller and still close on average.
    func testEncodeRoundTripsThroughDecodeImage() throws {
        let folder = try ImageFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for channels in [1, 3] {
            let (width, height) = (19, 12)
            let pixels = (0..<(width * height * channels)).map { i -> UInt8 in
                let x = (i / channels) % width, y = i / (channels * width), c = i % channels
                return UInt8(60 + 4 * x + 5 * y + 20 * c)
            }
            let best = try JPEG.encode(pixels: pixels, width: width, height: height, channels: channels, quality: 100)
            XCTAssertEqual(Array(best.prefix(3)), [0xFF, 0xD8, 0xFF], "a JPEG signature")
            let path = folder + "/image\(channels).jpg"
            try Data(best).write(to: URL(fileURLWithPath: path))
            let decoded = try decodeImage(path)
            XCTAssertEqual(decoded.shape, [height, width, channels])
            let errors = zip(decoded.scalars, pixels).map { Swift.abs($0 - Float($1)) }
            XCTAssertLessThanOrEqual(errors.max() ?? 99, 4, "channels \(channels)")
            let small = try JPEG.encode(pixels: pixels, width: width, height: height, channels: channels, quality: 10)
            XCTAssertLessThan(small.count, best.count)
        }
    }

    func testBadInputThrowsClearErrors() {
        let cases: [(() throws -> [UInt8], String)] = [
            ({ try JPEG.encode(pixels: [1, 2, 3, 4], width: 2, height: 2, channels: 2) }, "Received: 2"),
            ({ try JPEG.encode(pixels: [1, 2, 3], width: 2, height: 2, channels: 1) }, "Received: 3"),
            ({ try JPEG.encode(pixels: [], width: 0, height: 2, channels: 1) }, "Received: 0 × 2"),
            ({ try JPEG.encode(pixels: [1, 2, 3, 4], width: 2, height: 2, channels: 1, quality: 0) }, "Received: 0"),
        ]
        for (body, fragment) in cases {
            XCTAssertThrowsError(try body()) { error in
                guard case .invalidArgument? = error as? DLError else { return XCTFail("\(error)") }
                XCTAssertTrue("\(error)".hasSuffix(fragment), "\(error) does not end with '\(fragment)'")
            }
        }
    }
}
