import DLData
import DL
import Foundation
import XCTest

/// `decodeImage` against Pillow's and TensorFlow's decoded pixels of the committed fixtures.
final class DecodeImageTests: XCTestCase {
    func testPNGsDecodeToTheReferencePixelsExactly() throws {
        // 8-bit against Pillow; 16-bit against TensorFlow's decode_png (the high byte of each sample).
        for name in ["gray8.png", "rgb8.png", "rgba8.png", "gray16.png", "rgb16.png"] {
            let decoded = try decodeImage(ImageFixtures.path(name))
            let reference = try ImageFixtures.reference(name)
            XCTAssertEqual(decoded.shape, reference.shape, name)
            XCTAssertEqual(decoded.scalars, reference.scalars, name)
        }
        // The 16-bit corner values TensorFlow maps: 0, 255, 256, 32767, 32768, 65535 → 0, 0, 1, 127, 128, 255.
        XCTAssertEqual(Array(try decodeImage(ImageFixtures.path("gray16.png")).scalars.prefix(6)), [0, 0, 1, 127, 128, 255])
    }

    func testJPEGsDecodeToPillowsPixelsExactly() throws {
        // Pillow decodes with libjpeg-turbo's accurate integer IDCT as this decoder does: identical pixels.
        // (TensorFlow's decode_jpeg uses the fast IDCT by default and differs by up to the
        // `tfMaxDifference` the generator records, 2 to 5 levels on these images.)
        for name in ["gray.jpg", "rgb.jpg", "gray_progressive.jpg", "rgb_progressive.jpg"] {
            let decoded = try decodeImage(ImageFixtures.path(name))
            let reference = try ImageFixtures.reference(name)
            XCTAssertEqual(decoded.shape, reference.shape, name)
            XCTAssertEqual(decoded.scalars, reference.scalars, name)
        }
    }

    func testColorToGrayMatchesTheReferenceConversions() throws {
        // PNG: TensorFlow's decode_png(channels: 1) (libpng's weights); JPEG: libjpeg's own luma output.
        let png = try ImageDecoder.decode(path: ImageFixtures.path("colors.png"), channels: 1)
        XCTAssertEqual(png.pixels.map(Float.init), try ImageFixtures.reference("colors.png:gray").scalars)
        for name in ["rgb.jpg", "rgb_progressive.jpg"] {
            let jpeg = try ImageDecoder.decode(path: ImageFixtures.path(name), channels: 1)
            XCTAssertEqual(jpeg.pixels.map(Float.init), try ImageFixtures.reference(name + ":gray").scalars, name)
        }
        // Gray to RGB replicates; RGBA to RGB drops alpha.
        let gray = try ImageDecoder.decode(path: ImageFixtures.path("gray8.png"), channels: 3)
        let grayReference = try ImageFixtures.reference("gray8.png").scalars
        XCTAssertEqual(gray.pixels.map(Float.init), grayReference.flatMap { [$0, $0, $0] })
        let rgba = try ImageFixtures.reference("rgba8.png").scalars
        let rgb = try ImageDecoder.decode(path: ImageFixtures.path("rgba8.png"), channels: 3)
        XCTAssertEqual(rgb.pixels.map(Float.init), rgba.enumerated().filter { $0.offset % 4 != 3 }.map(\.element))
    }

    func testTheFormatComesFromTheContentNotTheName() throws {
        let folder = try ImageFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.copyItem(atPath: ImageFixtures.path("rgb8.png"), toPath: folder + "/picture.jpg")
        try FileManager.default.copyItem(atPath: ImageFixtures.path("rgb.jpg"), toPath: folder + "/picture.png")
        XCTAssertEqual(try decodeImage(folder + "/picture.jpg").scalars, try ImageFixtures.reference("rgb8.png").scalars)
        XCTAssertEqual(try decodeImage(folder + "/picture.png").scalars, try ImageFixtures.reference("rgb.jpg").scalars)
    }

    func testCorruptTruncatedAndMissingFilesThrowErrorsNamingTheFile() throws {
        let folder = try ImageFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for name in ["rgb8.png", "rgb16.png", "rgb.jpg", "rgb_progressive.jpg"] {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: ImageFixtures.path(name)))
            let truncated = folder + "/truncated-" + name
            try bytes.prefix(bytes.count * 2 / 3).write(to: URL(fileURLWithPath: truncated))
            assertInvalidFile(truncated)
            XCTAssertThrowsError(try ImageDecoder.checkHeader(path: truncated), "the header check sees the missing end")
            var corrupt = [UInt8](bytes)
            for i in stride(from: 40, to: corrupt.count - 20, by: 3) { corrupt[i] ^= 0x5A }
            let corruptPath = folder + "/corrupt-" + name
            try Data(corrupt).write(to: URL(fileURLWithPath: corruptPath))
            assertInvalidFile(corruptPath)
        }
        let garbage = folder + "/garbage.png"
        try Data("not an image at all".utf8).write(to: URL(fileURLWithPath: garbage))
        assertInvalidFile(garbage)
        XCTAssertThrowsError(try decodeImage(folder + "/missing.png")) { error in
            guard case .fileAccess(let path, _)? = error as? DLError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, folder + "/missing.png")
        }
    }

    private func assertInvalidFile(_ path: String, line: UInt = #line) {
        XCTAssertThrowsError(try decodeImage(path), line: line) { error in
            guard case .invalidFile(let named, _)? = error as? DLError else { return XCTFail("\(error)", line: line) }
            XCTAssertEqual(named, path, line: line)
        }
    }
}
