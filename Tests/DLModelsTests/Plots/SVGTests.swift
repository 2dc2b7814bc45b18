import DL
import Foundation
import XCTest

/// The SVG document and its writing: atomic files with clear errors.
final class SVGTests: XCTestCase {
    func testWriteReplacesTheFileWhole() throws {
        let folder = NSTemporaryDirectory() + "swiftdl-svg-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/plot.svg"
        try SVG(text: "<svg>old</svg>").write(to: path)
        let svg = SVG(text: "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"20\">é</svg>\n")
        try svg.write(to: path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), svg.text)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["plot.svg"], "no temporary file left")
        XCTAssertEqual(svg.description, "SVG(10 × 20, \(svg.text.utf8.count) bytes)")
    }

    func testWriteIntoAMissingFolderNamesThePath() {
        let path = "/nonexistent-swiftdl-folder/curves.svg"
        XCTAssertThrowsError(try SVG(text: "<svg/>").write(to: path)) { error in
            guard case let .fileAccess(errorPath, reason)? = error as? DLError else { return XCTFail("\(error)") }
            XCTAssertEqual(errorPath, path)
            XCTAssertTrue(reason.contains("Received:"), reason)
        }
    }
}
