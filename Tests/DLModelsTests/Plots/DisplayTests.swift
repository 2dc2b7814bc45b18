import DL
import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The display channel: the exact record, written only under the Jupyter kernel, flushed in order
/// with what the program prints.
final class DisplayTests: XCTestCase {
    func testRecordBytes() {
        // base64("<svg/>") = "PHN2Zy8+"
        let record = DisplayChannel.record(mimeType: "image/svg+xml", payload: Array("<svg/>".utf8))
        XCTAssertEqual(Array(record.utf8), [0x1E] + Array("SWIFTDL-DISPLAY image/svg+xml PHN2Zy8+".utf8) + [0x1E, 0x0A])
    }

    func testOnlyTheJupyterValueTurnsTheChannelOn() {
        for environment in [nil, "", "Jupyter", "1", "jupyter "] as [String?] {
            var written: [String] = []
            XCTAssertFalse(DisplayChannel.send(mimeType: "image/svg+xml", payload: [65], environment: environment) { written.append($0) })
            XCTAssertEqual(written, [], "\(String(describing: environment))")
        }
        var written: [String] = []
        XCTAssertTrue(DisplayChannel.send(mimeType: "image/svg+xml", payload: [65], environment: "jupyter") { written.append($0) })
        XCTAssertEqual(written, ["\u{1E}SWIFTDL-DISPLAY image/svg+xml QQ==\u{1E}\n"])
    }

    /// `display` through the real standard output: the record sits between what was printed before
    /// and after it, whole; without the variable nothing is written.
    func testDisplayWritesToStandardOutputInOrder() throws {
        let svg = SVG(text: "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n")
        let withChannel = try capturingStandardOutput(environment: "jupyter") {
            print("before")
            display(svg)
            print("after")
        }
        let record = "\u{1E}SWIFTDL-DISPLAY image/svg+xml " + Data(svg.text.utf8).base64EncodedString() + "\u{1E}\n"
        XCTAssertEqual(withChannel, "before\n" + record + "after\n")
        let without = try capturingStandardOutput(environment: nil) {
            print("before")
            display(svg)
            print("after")
        }
        XCTAssertEqual(without, "before\nafter\n")
    }

    /// What `body` writes to file descriptor 1, with `SWIFTDL_DISPLAY` set to `environment` (unset for nil).
    private func capturingStandardOutput(environment: String?, _ body: () -> Void) throws -> String {
        let path = NSTemporaryDirectory() + "swiftdl-display-\(UUID().uuidString)"
        defer { unlink(path) }
        let previous = getenv(DisplayChannel.variable).map { String(cString: $0) }
        defer { if let previous { setenv(DisplayChannel.variable, previous, 1) } else { unsetenv(DisplayChannel.variable) } }
        if let environment { setenv(DisplayChannel.variable, environment, 1) } else { unsetenv(DisplayChannel.variable) }
        fflush(stdout)
        let saved = dup(1)
        let file = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        XCTAssertGreaterThanOrEqual(file, 0)
        dup2(file, 1)
        close(file)
        body()
        fflush(stdout)
        dup2(saved, 1)
        close(saved)
        return try String(contentsOfFile: path, encoding: .utf8)
    }
}
