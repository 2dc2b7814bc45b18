import Foundation
import XCTest
import ZIPFoundation
import DLModels
import DLCore

final class KerasArchiveTests: XCTestCase {
    /// Tests/Fixtures/KerasFiles/keras3: `.keras` files written by Keras 3.15 (generate_keras_files.py).
    static let keras3 = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/KerasFiles/keras3").path

    private var folder: String!

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "keras-archive-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    func testReadsKerasOwnArchive() throws {
        let archive = try KerasArchive.read(from: Self.keras3 + "/mlp.keras")
        XCTAssertTrue(archive.config.hasPrefix(#"{"module": "keras", "class_name": "Sequential""#), archive.config)
        XCTAssertTrue(archive.metadata.contains(#""keras_version": "3.15.1""#), archive.metadata)
        let weights = try XCTUnwrap(archive.weights)
        XCTAssertEqual(Array(weights.prefix(8)), [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A], "HDF5's signature")
        XCTAssertGreaterThan(weights.count, 421 * 4)
    }

    func testWriteThenReadGivesTheSameParts() throws {
        let path = folder + "/m.keras"
        let written = KerasArchive(config: #"{"class_name": "Sequential"}"#, metadata: #"{"keras_version": "3.15.1"}"#,
                                   weights: Array(0...255).map(UInt8.init))
        try written.write(to: path)
        let read = try KerasArchive.read(from: path)
        XCTAssertEqual(read.config, written.config)
        XCTAssertEqual(read.metadata, written.metadata)
        XCTAssertEqual(read.weights, written.weights)
        let entries = try Archive(url: URL(fileURLWithPath: path), accessMode: .read).map(\.path)
        XCTAssertEqual(entries, ["metadata.json", "config.json", "model.weights.h5"], "Keras's entry order")
    }

    func testWritingOverAFileReplacesItWhole() throws {
        let path = folder + "/m.keras"
        try KerasArchive(config: String(repeating: "x", count: 10_000), metadata: "", weights: nil).write(to: path)
        try KerasArchive(config: "{}", metadata: "", weights: nil).write(to: path)
        XCTAssertEqual(try KerasArchive.read(from: path).config, "{}")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["m.keras"], "no temporary left")
    }

    func testAFolderThatDoesNotExistIsAClearError() {
        let path = folder + "/missing/m.keras"
        XCTAssertThrowsError(try KerasArchive(config: "{}", metadata: "", weights: nil).write(to: path)) { error in
            guard case let DLError.fileAccess(errorPath, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(errorPath, path)
        }
    }

    func testNotAZipIsAClearError() throws {
        let path = folder + "/m.keras"
        try Data("this is not a zip archive".utf8).write(to: URL(fileURLWithPath: path))
        assertInvalidFile(path, mentions: "not a .keras file")
        try Data().write(to: URL(fileURLWithPath: path))
        assertInvalidFile(path, mentions: "not a .keras file")
        XCTAssertThrowsError(try KerasArchive.read(from: folder + "/absent.keras")) { error in
            guard case DLError.fileAccess = error else { return XCTFail("\(error)") }
        }
    }

    func testAnArchiveWithoutConfigIsAClearError() throws {
        let path = try zip(["metadata.json": "{}", "model.weights.h5": "weights"])
        assertInvalidFile(path, mentions: "no 'config.json' entry")
    }

    func testEntriesThatEscapeTheFolderAreRefused() throws {
        for evil in ["../evil.txt", "assets/../../evil.txt", "/etc/evil.txt"] {
            let path = try zip(["config.json": "{}", evil: "overwrite me"])
            assertInvalidFile(path, mentions: "'\(evil)' points outside")
        }
    }

    func testATruncatedArchiveIsAClearError() throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.keras3 + "/mlp.keras"))
        let path = folder + "/truncated.keras"
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try KerasArchive.read(from: path)) { error in
            guard case let DLError.invalidFile(errorPath, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(errorPath, path)
        }
    }

    // MARK: - Helpers

    private func zip(_ entries: KeyValuePairs<String, String>) throws -> String {
        let path = folder + "/made-\(UUID().uuidString).keras"
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        for (name, text) in entries {
            let data = Data(text.utf8)
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count)) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return path
    }

    private func assertInvalidFile(_ path: String, mentions text: String, line: UInt = #line) {
        XCTAssertThrowsError(try KerasArchive.read(from: path), line: line) { error in
            guard case let DLError.invalidFile(errorPath, reason) = error else { return XCTFail("\(error)", line: line) }
            XCTAssertEqual(errorPath, path, line: line)
            XCTAssertTrue(reason.contains(text), reason, line: line)
        }
    }
}
