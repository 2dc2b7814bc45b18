import DLCore
import Foundation
import XCTest

/// libhdf5 is loaded with dlopen on first use, never linked: neither the test binary nor `dl` has it
/// among its ELF `DT_NEEDED` entries, and a missing library is a `DLError` saying what to install.
final class HDF5LibraryTests: XCTestCase {
    func testTheTestBinaryAndDLDoNotLinkLibhdf5() throws {
        let bundle = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let needed = try Self.neededLibraries(of: bundle)
        XCTAssertTrue(needed.contains { $0.hasPrefix("libc.so") }, "the ELF reader found no libc in \(needed)")
        XCTAssertFalse(needed.contains { $0.contains("hdf5") }, "\(bundle) links \(needed)")
        let dl = URL(fileURLWithPath: bundle).deletingLastPathComponent().appendingPathComponent("dl").path
        guard FileManager.default.isExecutableFile(atPath: dl) else {
            throw XCTSkip("no dl binary at \(dl): build it with `swift build -c release`")
        }
        let dlNeeded = try Self.neededLibraries(of: dl)
        XCTAssertTrue(dlNeeded.contains { $0.hasPrefix("libopenblas") }, "\(dlNeeded)")
        XCTAssertFalse(dlNeeded.contains { $0.contains("hdf5") }, "dl links \(dlNeeded)")
    }

    func testLibraryLoadsOnFirstUseAndAMissingOneSaysWhatToInstall() throws {
        _ = try HDF5Library.shared(for: "x.h5")
        XCTAssertThrowsError(try HDF5Library(candidates: ["libswiftdl-no-such-hdf5.so"])) { error in
            guard case let .fileAccess(_, reason)? = error as? DLError else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("install libhdf5-dev"), reason)
            XCTAssertTrue(reason.contains("libswiftdl-no-such-hdf5.so"), reason)
        }
    }

    /// The `DT_NEEDED` entries of the ELF64 little-endian file at `path`: its `SHT_DYNAMIC` section's
    /// entries with tag 1, each an offset into the string table that section links to.
    static func neededLibraries(of path: String) throws -> [String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        func read<T: FixedWidthInteger>(_ offset: Int, as: T.Type) -> T {
            data.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: T.self) }
        }
        guard data.count > 64, data.prefix(4) == Data([0x7F, 0x45, 0x4C, 0x46]), data[4] == 2 else {
            throw DLError.invalidFile(path: path, reason: "not an ELF64 file")
        }
        let sectionTable = Int(read(0x28, as: UInt64.self))
        let entrySize = Int(read(0x3A, as: UInt16.self)), count = Int(read(0x3C, as: UInt16.self))
        func section(_ index: Int) -> (type: UInt32, offset: Int, size: Int, link: Int) {
            let base = sectionTable + index * entrySize
            return (read(base + 4, as: UInt32.self), Int(read(base + 0x18, as: UInt64.self)),
                    Int(read(base + 0x20, as: UInt64.self)), Int(read(base + 0x28, as: UInt32.self)))
        }
        var names: [String] = []
        for index in 0..<count where section(index).type == 6 {    // SHT_DYNAMIC
            let dynamic = section(index), strings = section(dynamic.link).offset
            for entry in stride(from: dynamic.offset, to: dynamic.offset + dynamic.size, by: 16) {
                let tag = read(entry, as: Int64.self)
                if tag == 0 { break }
                guard tag == 1 else { continue }                     // DT_NEEDED
                let start = strings + Int(read(entry + 8, as: UInt64.self))
                let end = data[start...].firstIndex(of: 0) ?? data.endIndex
                names.append(String(decoding: data[start..<end], as: UTF8.self))
            }
        }
        return names
    }
}
