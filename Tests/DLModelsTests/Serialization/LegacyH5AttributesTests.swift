import DL
import DLCore
import Foundation
import XCTest

/// Keras 2's string lists: one fixed-length attribute while it fits in 64,512 bytes, otherwise
/// chunks `name0`, `name1`, ... split as numpy's `array_split` does; read back joined.
final class LegacyH5AttributesTests: XCTestCase {
    func testLongListsAreChunkedAsKerasChunksThem() throws {
        let folder = try KerasFileModels.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = "\(folder)/names.h5"
        let short = ["dense", "dropout"]
        let long = (0..<3001).map { "layer_with_a_long_name_\(String(format: "%07d", $0))" }    // 30 bytes each
        try HDF5File.withFile(path, mode: .create) { root in
            try LegacyH5Attributes.write(short, as: "short", to: root)
            try LegacyH5Attributes.write(long, as: "long", to: root)
        }
        try HDF5File.withFile(path, mode: .readOnly) { root in
            XCTAssertEqual(try root.stringArrayAttribute("short"), short)
            XCTAssertFalse(root.hasAttribute("long"))
            // 3001 × 30 bytes = 90,030 > 64,512: two chunks, the first one longer.
            XCTAssertEqual(try root.stringArrayAttribute("long0").count, 1501)
            XCTAssertEqual(try root.stringArrayAttribute("long1").count, 1500)
            XCTAssertFalse(root.hasAttribute("long2"))
            XCTAssertEqual(try LegacyH5Attributes.read("long", of: root), long)
            XCTAssertEqual(try LegacyH5Attributes.read("short", of: root), short)
            XCTAssertThrowsError(try LegacyH5Attributes.read("none", of: root)) { error in
                XCTAssertTrue("\(error)".contains("/@none"), "\(error)")
            }
        }
    }
}
