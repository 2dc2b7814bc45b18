import DL
import DLCore
import Foundation
import XCTest

/// Saving is atomic: the real name gets the complete file or keeps the previous one, and no
/// temporary file is left behind after an error.
final class AtomicFileTests: XCTestCase {
    private var folder = ""
    override func setUpWithError() throws { folder = try KerasFileModels.scratchFolder() }
    override func tearDown() { try? FileManager.default.removeItem(atPath: folder) }

    private func contents() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: folder).sorted() }

    func testWritesUnderATemporaryNameThenRenames() throws {
        let path = "\(folder)/out.bin"
        let temporary = try AtomicFile.write(to: path) { temporary -> String in
            XCTAssertTrue(temporary.hasPrefix("\(folder)/.out.bin."), temporary)
            XCTAssertTrue(FileManager.default.createFile(atPath: temporary, contents: Data("new".utf8)))
            XCTAssertFalse(FileManager.default.fileExists(atPath: path))
            return temporary
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: temporary))
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "new")
        XCTAssertEqual(try contents(), ["out.bin"])
    }

    func testAnErrorKeepsThePreviousFileAndRemovesTheTemporaryOne() throws {
        let path = "\(folder)/out.bin"
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try AtomicFile.write(to: path) { temporary in
            _ = FileManager.default.createFile(atPath: temporary, contents: Data("half".utf8))
            throw DLError.fileAccess(path: path, reason: "disk full")
        }) { XCTAssertEqual($0 as? DLError, .fileAccess(path: path, reason: "disk full")) }
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "old")
        XCTAssertEqual(try contents(), ["out.bin"])
    }

    func testSaveWeightsFailureKeepsThePreviousWeightsFile() throws {
        let model = try KerasFileModels.build("mlp")
        let path = "\(folder)/mlp.weights.h5"
        try model.saveWeights(to: path)
        let saved = try Data(contentsOf: URL(fileURLWithPath: path))
        // A name that cannot be written (its folder is missing) fails and creates nothing.
        XCTAssertThrowsError(try model.saveWeights(to: "\(folder)/missing/mlp.weights.h5")) { error in
            XCTAssertTrue("\(error)".contains("\(folder)/missing/"), "\(error)")
        }
        // A model whose graph cannot run is refused before the file is touched.
        let broken = Sequential([Dense(3, inputShape: [4]), Dense(2, inputShape: [9])])
        _ = try? broken.saveWeights(to: path)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), saved)
        XCTAssertEqual(try contents(), ["mlp.weights.h5"])
    }
}
