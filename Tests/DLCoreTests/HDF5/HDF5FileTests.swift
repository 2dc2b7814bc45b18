import DLCore
import Foundation
import XCTest

/// Files: create / read-only / read-write, and the errors for files that are not HDF5.
final class HDF5FileTests: XCTestCase {
    private var scratch: HDF5Scratch!
    override func setUpWithError() throws { scratch = try HDF5Scratch() }
    override func tearDown() { scratch.remove() }

    func testCreateTruncatesAndReadWriteKeepsContent() throws {
        let path = scratch.path("a.h5")
        try HDF5File.withFile(path, mode: .create) { try $0.createGroup("first") }
        try HDF5File.withFile(path, mode: .readWrite) { root in
            XCTAssertEqual(try root.memberNames(), ["first"])
            try root.createGroup("second")
        }
        XCTAssertEqual(try HDF5File.withFile(path, mode: .readOnly) { try $0.memberNames() }, ["first", "second"])
        try HDF5File.withFile(path, mode: .create) { _ in }
        XCTAssertEqual(try HDF5File.withFile(path, mode: .readOnly) { try $0.memberNames() }, [])
    }

    func testReadOnlyFileRefusesWritesNamingFileAndPath() throws {
        let path = scratch.path("ro.h5")
        try HDF5File.withFile(path, mode: .create) { try $0.createGroup("g") }
        XCTAssertThrowsError(try HDF5File.withFile(path, mode: .readOnly) { try $0.openGroup("g").createGroup("h") }) { error in
            guard case let .hdf5(file, objectPath, reason)? = error as? DLError else { return XCTFail("\(error)") }
            XCTAssertEqual(file, path)
            XCTAssertEqual(objectPath, "/g/h")
            XCTAssertTrue(reason.contains("creating the group"), reason)
        }
    }

    func testMissingEmptyTextAndTruncatedFilesAreClearErrors() throws {
        XCTAssertThrowsError(try HDF5File(scratch.path("none.h5"), mode: .readOnly)) { error in
            XCTAssertEqual(error as? DLError, .fileAccess(path: scratch.path("none.h5"), reason: "no such file"))
        }
        let empty = scratch.path("empty.h5")
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        XCTAssertThrowsError(try HDF5File(empty, mode: .readOnly)) { error in
            XCTAssertTrue("\(error)".contains("the file is empty"), "\(error)")
        }
        let text = scratch.path("text.h5")
        _ = FileManager.default.createFile(atPath: text, contents: Data("not hdf5 at all".utf8))
        XCTAssertThrowsError(try HDF5File(text, mode: .readOnly)) { error in
            XCTAssertTrue("\(error)".contains("not an HDF5 file"), "\(error)")
        }
        // A real Keras file cut in half: opening or reading it fails with an error, never a crash.
        let original = try Data(contentsOf: URL(fileURLWithPath: HDF5Scratch.kerasFile("keras3/mlp.weights.h5")))
        let truncated = scratch.path("truncated.h5")
        _ = FileManager.default.createFile(atPath: truncated, contents: original.prefix(original.count / 2))
        XCTAssertThrowsError(try HDF5File.withFile(truncated, mode: .readOnly) { root in
            _ = try root.openGroup("layers/dense_1/vars").openDataset("0").readTensor()
        }) { error in
            XCTAssertTrue("\(error)".contains(truncated), "\(error)")
        }
    }

    func testCreatingInAMissingFolderNamesTheFile() throws {
        let path = scratch.path("no/such/folder/x.h5")
        XCTAssertThrowsError(try HDF5File(path, mode: .create)) { error in
            guard case let .hdf5(file, _, reason)? = error as? DLError else { return XCTFail("\(error)") }
            XCTAssertEqual(file, path)
            XCTAssertTrue(reason.contains("cannot create the file"), reason)
        }
    }
}
