import DLData
import DLTestSupport
import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The file reader under `IDX` (internal, so tested through `IDX.read`): only regular files are
/// opened, gzip members are read in a row, and junk after the gzip stream is an error.
final class CompressedFileReaderTests: XCTestCase {
    private var fixtures: IDXFixtures!

    override func setUpWithError() throws { fixtures = try IDXFixtures() }
    override func tearDown() { fixtures.remove() }

    /// zlib's `gzopen` blocked forever on a FIFO with no writer: run in a child process with a
    /// timeout, so that a regression fails instead of hanging the suite.
    func testFIFOWithNoWriterIsRefusedWithoutBlocking() throws {
        assertPassesInChildProcess(timeout: 60) {
            let path = fixtures.folder + "/images-idx3-ubyte.gz"
            XCTAssertEqual(mkfifo(path, 0o600), 0)
            assertFileAccess(path, reasonContains: "is a FIFO, not a regular file") { _ = try IDX.read(path) }
            assertFileAccess(path, reasonContains: "is a FIFO, not a regular file") { _ = try IDX.readBytes(path) }
        }
    }

    func testDeviceAndFolderAreRefused() {
        assertFileAccess("/dev/null", reasonContains: "is a device, not a regular file") { _ = try IDX.read("/dev/null") }
        assertFileAccess(fixtures.folder, reasonContains: "is a folder, not a regular file") { _ = try IDX.read(fixtures.folder) }
    }

    func testJunkAfterTheGzipStreamIsAnError() throws {
        let bytes = IDXFixtures.idxBytes(shape: [2, 2], data: [1, 2, 3, 4])
        let path = try fixtures.writeGzip("junk.gz", bytes)
        let compressed = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        XCTAssertEqual(try IDX.read(path), Tensor([[1, 2], [3, 4]]))   // the stream alone reads back
        try fixtures.writeRaw("junk.gz", compressed + [0x4A, 0x55, 0x4E, 0x4B, 0x21])
        assertInvalidFile(path, reasonContains: ["corrupt: 5 trailing bytes after the end of the gzip stream"]) {
            _ = try IDX.read(path)
        }
        try fixtures.writeRaw("junk.gz", compressed + [0])   // a single zero byte is junk too
        assertInvalidFile(path, reasonContains: ["corrupt: 1 trailing bytes after the end of the gzip stream"]) {
            _ = try IDX.readBytes(path)
        }
    }

    func testGzipMembersInARowReadAsOneStream() throws {
        let bytes = IDXFixtures.idxBytes(shape: [3, 2], data: [1, 2, 3, 4, 5, 6])
        let first = try fixtures.writeGzip("first.gz", Array(bytes.prefix(9)))
        let second = try fixtures.writeGzip("second.gz", Array(bytes.dropFirst(9)))
        let joined = try [first, second].flatMap { [UInt8](try Data(contentsOf: URL(fileURLWithPath: $0))) }
        let path = try fixtures.writeRaw("joined.gz", joined)   // what `cat first.gz second.gz` makes
        XCTAssertEqual(try IDX.read(path), Tensor([[1, 2], [3, 4], [5, 6]]))

        // Members larger than the reader's 256 KiB input buffer, so refills fall across them.
        var state: UInt32 = 7
        let data = (0..<700_000).map { _ -> UInt8 in
            state = state &* 1_664_525 &+ 1_013_904_223
            return UInt8(truncatingIfNeeded: state >> 24)
        }
        let big = IDXFixtures.idxBytes(shape: [data.count], data: data)
        let parts = try [big.prefix(300_001), big[300_001..<500_000], big.suffix(from: 500_000)].enumerated().map { index, part in
            [UInt8](try Data(contentsOf: URL(fileURLWithPath: try fixtures.writeGzip("part\(index).gz", Array(part)))))
        }
        let bigPath = try fixtures.writeRaw("parts.gz", parts.flatMap { $0 })
        XCTAssertEqual(try IDX.readBytes(bigPath).bytes, data)
    }

    private func assertFileAccess(_ path: String, reasonContains fragment: String,
                                  file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> Void) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            guard case let DLError.fileAccess(errorPath, reason) = error else {
                return XCTFail("expected DLError.fileAccess, got \(error)", file: file, line: line)
            }
            XCTAssertEqual(errorPath, path, file: file, line: line)
            XCTAssertTrue(reason.contains(fragment), "reason '\(reason)' lacks '\(fragment)'", file: file, line: line)
        }
    }
}
