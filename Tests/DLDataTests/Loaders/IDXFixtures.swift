import CZlibSystem
import DLData
import Foundation
import XCTest

/// Writes small IDX files (plain and gzip) into a fresh temporary folder for the loader tests.
final class IDXFixtures {
    /// The temporary folder; removed by `remove()`.
    let folder: String

    init() throws {
        folder = NSTemporaryDirectory() + "swiftdl-idx-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }

    /// The bytes of an IDX file: magic (0, 0, type, rank), big-endian dimensions, then `data`.
    static func idxBytes(type: UInt8 = 0x08, shape: [Int], data: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = [0, 0, type, UInt8(shape.count)]
        for size in shape {
            bytes += [UInt8(size >> 24 & 0xFF), UInt8(size >> 16 & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size & 0xFF)]
        }
        return bytes + data
    }

    /// Writes `bytes` as they are to `folder/name` and returns the path.
    @discardableResult
    func writeRaw(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = folder + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Writes `bytes` gzip-compressed with zlib's `gzwrite` to `folder/name` and returns the path.
    @discardableResult
    func writeGzip(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = folder + "/" + name
        guard let file = gzopen(path, "wb") else { throw DLError.fileAccess(path: path, reason: "gzopen failed") }
        let written = bytes.withUnsafeBytes { gzwrite(file, $0.baseAddress, UInt32($0.count)) }
        let closed = gzclose(file)
        guard written == bytes.count || bytes.isEmpty, closed == Z_OK else {
            throw DLError.fileAccess(path: path, reason: "gzwrite failed")
        }
        return path
    }

    /// Writes the four MNIST-layout files (`.gz` when `gzip`) into `subfolder` with `count` images
    /// whose pixels all equal `pixel` and labels `0, 1, 2, ...` modulo 10; returns the folder.
    @discardableResult
    func writeMNISTLayout(in subfolder: String, trainCount: Int = 3, testCount: Int = 2,
                          pixel: UInt8, gzip: Bool) throws -> String {
        let target = folder + "/" + subfolder
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        let files: [(String, [UInt8])] = [
            ("train-images-idx3-ubyte", Self.idxBytes(shape: [trainCount, 28, 28],
                                                      data: [UInt8](repeating: pixel, count: trainCount * 784))),
            ("train-labels-idx1-ubyte", Self.idxBytes(shape: [trainCount], data: (0..<trainCount).map { UInt8($0 % 10) })),
            ("t10k-images-idx3-ubyte", Self.idxBytes(shape: [testCount, 28, 28],
                                                     data: [UInt8](repeating: pixel, count: testCount * 784))),
            ("t10k-labels-idx1-ubyte", Self.idxBytes(shape: [testCount], data: (0..<testCount).map { UInt8($0 % 10) })),
        ]
        for (name, bytes) in files {
            let relative = subfolder + "/" + name
            if gzip { try writeGzip(relative + ".gz", bytes) } else { try writeRaw(relative, bytes) }
        }
        return target
    }
}

/// Asserts that `body` throws `DLError.invalidFile` for `path` whose reason contains every one of
/// `fragments`.
func assertInvalidFile(_ path: String, reasonContains fragments: [String],
                       file: StaticString = #filePath, line: UInt = #line,
                       _ body: () throws -> Void) {
    do {
        try body()
        XCTFail("expected DLError.invalidFile for \(path), nothing was thrown", file: file, line: line)
    } catch let DLError.invalidFile(errorPath, reason) {
        XCTAssertEqual(errorPath, path, file: file, line: line)
        for fragment in fragments {
            XCTAssertTrue(reason.contains(fragment), "reason '\(reason)' lacks '\(fragment)'", file: file, line: line)
        }
    } catch {
        XCTFail("expected DLError.invalidFile, got \(error)", file: file, line: line)
    }
}
