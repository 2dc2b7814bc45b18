import DLCore
import Foundation
import XCTest

/// The guard against libhdf5 1.10's endless walk over a damaged global heap collection: real files pass,
/// damaged collections are found by offset, and a damaged file is a DLError before libhdf5 reads it.
final class HDF5GlobalHeapCheckTests: XCTestCase {
    private var scratch: HDF5Scratch!
    override func setUpWithError() throws { scratch = try HDF5Scratch() }
    override func tearDown() { scratch.remove() }

    /// A collection: "GCOL", version 1, reserved, size; one object (index 1, 5 bytes of data, padded to 8);
    /// the rest free space (index 0) of `freeSize` bytes (`nil`: exactly what is left).
    private func collection(size: UInt64 = 4096, objectSize: UInt64 = 5, freeSize: UInt64? = nil) -> [UInt8] {
        func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] { withUnsafeBytes(of: value.littleEndian) { Array($0) } }
        var bytes: [UInt8] = Array("GCOL".utf8) + [1, 0, 0, 0] + le(size)
        bytes += le(UInt16(1)) + le(UInt16(1)) + [0, 0, 0, 0] + le(objectSize) + Array("hello".utf8) + [0, 0, 0]
        let left = size - UInt64(bytes.count)
        bytes += le(UInt16(0)) + le(UInt16(0)) + [0, 0, 0, 0] + le(freeSize ?? left)
        return bytes + [UInt8](repeating: 0, count: Int(size) - bytes.count)
    }

    private func firstMalformed(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBytes { HDF5GlobalHeapCheck.firstMalformedCollection(in: $0) }
    }

    func testWellFormedCollectionsPass() {
        let padding = [UInt8](repeating: 7, count: 100)
        XCTAssertNil(firstMalformed(padding + collection() + padding))
        // The signature inside other data, not followed by a version-1 header, is not a collection.
        XCTAssertNil(firstMalformed(Array("GCOL".utf8) + [2, 0, 0, 0] + [UInt8](repeating: 0, count: 64)))
    }

    func testAZeroSizeOrAnObjectPastTheEndIsFoundByOffset() {
        let padding = [UInt8](repeating: 7, count: 100)
        XCTAssertEqual(firstMalformed(padding + collection(freeSize: 0)), 100)           // libhdf5 stands still
        XCTAssertEqual(firstMalformed(padding + collection(objectSize: 5000)), 100)      // jumps out of the collection
        XCTAssertEqual(firstMalformed(collection() + collection(objectSize: .max)), 4096) // the second one
    }

    func testAnIndexOutOfRangeOrRepeatedOrACollectionPastTheFileIsFound() {
        var bytes = collection()
        bytes[16] = 0x00; bytes[17] = 0x17                    // index 5888 in a collection that holds at most 257
        XCTAssertEqual(firstMalformed(bytes), 0)
        bytes = collection()
        let free = 16 + 16 + 8                                 // the free-space object's header, after object 1
        bytes[free] = 1                                        // a second object 1 filling the free space exactly:
        let size = UInt64(4096 - free - 16)                    // sizes fine, only the index repeats
        withUnsafeBytes(of: size.littleEndian) { for (i, byte) in $0.enumerated() { bytes[free + 8 + i] = byte } }
        XCTAssertEqual(firstMalformed(bytes), 0)
        bytes[free] = 2                                        // the same as object 2: well formed
        XCTAssertNil(firstMalformed(bytes))
        XCTAssertEqual(firstMalformed(Array(collection().prefix(2000))), 0)   // declares 4,096 bytes, the file ends first
    }

    /// Every HDF5 file Keras wrote for the fixtures passes (no false alarm on real files).
    func testEveryKerasFixtureFilePasses() throws {
        let folder = HDF5Scratch.kerasFile("")
        let files = FileManager.default.enumerator(atPath: folder)!.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".h5") }
        XCTAssertGreaterThan(files.count, 20)
        for file in files { XCTAssertNoThrow(try HDF5GlobalHeapCheck.check(folder + "/" + file), file) }
    }

    /// A file SwiftDL wrote with variable-length strings passes; the same file with its collection's first
    /// object damaged is refused when opened, naming the file and the offset, before libhdf5 reads it.
    func testADamagedCollectionInARealFileIsRefusedWhenOpened() throws {
        let path = scratch.path("strings.h5")
        try HDF5File.withFile(path, mode: .create) { root in
            try root.setAttribute("names", strings: ["dense", "dropout"], fixedLength: false)
        }
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        XCTAssertNil(firstMalformed(bytes))
        let offset = try XCTUnwrap(bytes.indices.first { bytes[$0...].starts(with: Array("GCOL".utf8) + [1, 0, 0, 0]) })
        for i in 0..<8 { bytes[offset + 16 + 8 + i] = 0 }    // the first object's size: 0 is fine for an object...
        bytes[offset + 16] = 0; bytes[offset + 17] = 0        // ...but as free space (index 0) it never moves on
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try HDF5File(path, mode: .readOnly)) { error in
            XCTAssertTrue("\(error)".contains("global heap collection at byte \(offset) is damaged"), "\(error)")
            XCTAssertTrue("\(error)".contains("strings.h5"), "\(error)")
        }
    }
}
