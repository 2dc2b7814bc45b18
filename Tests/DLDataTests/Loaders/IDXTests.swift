import DLData
import DLTestSupport
import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

final class IDXTests: XCTestCase {
    private var fixtures: IDXFixtures!

    override func setUpWithError() throws { fixtures = try IDXFixtures() }
    override func tearDown() { fixtures.remove() }

    // MARK: - Reading back what was written

    func testReadsUnsignedBytesRawAndGzipExactly() throws {
        let data: [UInt8] = [0, 1, 2, 127, 128, 200, 254, 255, 7, 9, 11, 13]
        let bytes = IDXFixtures.idxBytes(shape: [2, 3, 2], data: data)
        let expected = Tensor(shape: [2, 3, 2], scalars: data.map(Float.init))
        XCTAssertEqual(try IDX.read(fixtures.writeRaw("a-idx3-ubyte", bytes)), expected)
        XCTAssertEqual(try IDX.read(fixtures.writeGzip("a-idx3-ubyte.gz", bytes)), expected)
    }

    func testReadsEveryElementTypeBigEndian() throws {
        let int8 = IDXFixtures.idxBytes(type: 0x09, shape: [3], data: [0xFF, 0x80, 0x05])
        XCTAssertEqual(try IDX.read(fixtures.writeRaw("int8", int8)), Tensor([-1, -128, 5]))

        let int16 = IDXFixtures.idxBytes(type: 0x0B, shape: [2], data: [0x01, 0x02, 0xFF, 0xFE])
        XCTAssertEqual(try IDX.read(fixtures.writeGzip("int16.gz", int16)), Tensor([258, -2]))

        let int32 = IDXFixtures.idxBytes(type: 0x0C, shape: [2], data: [0, 1, 0, 0, 0xFF, 0xFF, 0xFF, 0xFD])
        XCTAssertEqual(try IDX.read(fixtures.writeRaw("int32", int32)), Tensor([65536, -3]))

        let floats: [Float] = [1.5, -0.25]
        let float32 = IDXFixtures.idxBytes(type: 0x0D, shape: [1, 2], data: floats.flatMap { bigEndianBytes($0.bitPattern) })
        XCTAssertEqual(try IDX.read(fixtures.writeRaw("float32", float32)), Tensor([[1.5, -0.25]]))

        let doubles: [Double] = [3.0, -1e-3]
        let float64 = IDXFixtures.idxBytes(type: 0x0E, shape: [2], data: doubles.flatMap { bigEndianBytes($0.bitPattern) })
        XCTAssertEqual(try IDX.read(fixtures.writeGzip("float64.gz", float64)), Tensor([3.0, Float(-1e-3)]))
    }

    func testReadsDataLongerThanOneChunk() throws {
        // 3 MiB + 5 bytes: several 1 MiB chunks and a short last one, through gzip.
        let count = 3 * (1 << 20) + 5
        let data = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let tensor = try IDX.read(fixtures.writeGzip("big.gz", IDXFixtures.idxBytes(shape: [count], data: data)))
        XCTAssertEqual(tensor.shape, [count])
        XCTAssertEqual(tensor.scalars, data.map(Float.init))
    }

    func testReadBytesKeepsUnsignedBytesAsStored() throws {
        let data: [UInt8] = [0, 1, 2, 127, 128, 200, 254, 255, 7, 9, 11, 13]
        let bytes = IDXFixtures.idxBytes(shape: [2, 3, 2], data: data)
        let expected = ByteTensor(shape: [2, 3, 2], bytes: data)
        XCTAssertEqual(try IDX.readBytes(fixtures.writeRaw("b-idx3-ubyte", bytes)), expected)
        XCTAssertEqual(try IDX.readBytes(fixtures.writeGzip("b-idx3-ubyte.gz", bytes)), expected)
    }

    func testReadBytesAcrossSeveralChunks() throws {
        let count = 2 * (1 << 20) + 3
        let data = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37) }
        let bytes = try IDX.readBytes(fixtures.writeGzip("bigbytes.gz", IDXFixtures.idxBytes(shape: [count], data: data)))
        XCTAssertEqual(bytes.shape, [count])
        XCTAssertEqual(bytes.bytes, data)
    }

    func testReadBytesRejectsOtherElementTypes() throws {
        let int16 = try fixtures.writeRaw("int16b", IDXFixtures.idxBytes(type: 0x0B, shape: [2], data: [0, 1, 0, 2]))
        assertInvalidFile(int16, reasonContains: ["expected unsigned bytes", "int16"]) { _ = try IDX.readBytes(int16) }
    }

    func testReadBytesChecksTruncationAndTrailingBytes() throws {
        let short = try fixtures.writeGzip("shortb.gz", IDXFixtures.idxBytes(shape: [4, 5], data: [UInt8](repeating: 3, count: 17)))
        assertInvalidFile(short, reasonContains: ["truncated: expected 20 data bytes", "found 17"]) { _ = try IDX.readBytes(short) }
        let long = try fixtures.writeRaw("longb", IDXFixtures.idxBytes(shape: [2, 2], data: [1, 2, 3, 4, 5, 6]))
        assertInvalidFile(long, reasonContains: ["corrupt: 2 trailing bytes"]) { _ = try IDX.readBytes(long) }
    }

    // MARK: - Errors

    func testMissingFileThrowsFileAccess() {
        let path = fixtures.folder + "/no-such-file.gz"
        XCTAssertThrowsError(try IDX.read(path)) { error in
            guard case let DLError.fileAccess(errorPath, reason) = error else {
                return XCTFail("expected DLError.fileAccess, got \(error)")
            }
            XCTAssertEqual(errorPath, path)
            XCTAssertTrue(reason.contains("No such file"), reason)
        }
    }

    func testBadMagicNumber() throws {
        let path = try fixtures.writeRaw("magic", [0x12, 0x34, 0x08, 0x01, 0, 0, 0, 1, 9])
        assertInvalidFile(path, reasonContains: ["bad magic number 0x12340801", "two zero bytes"]) { _ = try IDX.read(path) }
    }

    func testUnknownTypeCode() throws {
        let path = try fixtures.writeGzip("type.gz", IDXFixtures.idxBytes(type: 0x0A, shape: [1], data: [9]))
        assertInvalidFile(path, reasonContains: ["unknown data type code 0x0A", "0x08 ubyte"]) { _ = try IDX.read(path) }
    }

    func testRankOutsideOneToEight() throws {
        let zero = try fixtures.writeRaw("rank0", [0, 0, 0x08, 0, 5])
        assertInvalidFile(zero, reasonContains: ["unsupported rank 0"]) { _ = try IDX.read(zero) }
        let nine = try fixtures.writeRaw("rank9", IDXFixtures.idxBytes(shape: [Int](repeating: 1, count: 9), data: [1]))
        assertInvalidFile(nine, reasonContains: ["unsupported rank 9"]) { _ = try IDX.read(nine) }
    }

    func testZeroDimension() throws {
        let path = try fixtures.writeRaw("zero", IDXFixtures.idxBytes(shape: [2, 0, 3], data: []))
        assertInvalidFile(path, reasonContains: ["dimension 1 of shape [2, 0, 3] is zero"]) { _ = try IDX.read(path) }
    }

    func testImplausiblyLargeShape() throws {
        let path = try fixtures.writeRaw("huge", IDXFixtures.idxBytes(shape: [0xFFFF_FFFF, 0xFFFF_FFFF], data: [1]))
        assertInvalidFile(path, reasonContains: ["implausibly large"]) { _ = try IDX.read(path) }
    }

    func testTruncatedHeader() throws {
        let short = try fixtures.writeRaw("short", [0, 0])
        assertInvalidFile(short, reasonContains: ["truncated", "holds 2 bytes"]) { _ = try IDX.read(short) }
        let dims = try fixtures.writeGzip("dims.gz", [0, 0, 0x08, 0x03, 0, 0, 0, 2, 0, 0])
        assertInvalidFile(dims, reasonContains: ["truncated header", "needs 12 bytes", "found 6"]) { _ = try IDX.read(dims) }
    }

    func testTruncatedDataRawAndGzip() throws {
        let bytes = IDXFixtures.idxBytes(shape: [4, 5], data: [UInt8](repeating: 3, count: 17))
        let raw = try fixtures.writeRaw("trunc", bytes)
        assertInvalidFile(raw, reasonContains: ["truncated: expected 20 data bytes", "found 17"]) { _ = try IDX.read(raw) }
        let gzip = try fixtures.writeGzip("trunc.gz", bytes)
        assertInvalidFile(gzip, reasonContains: ["truncated: expected 20 data bytes", "found 17"]) { _ = try IDX.read(gzip) }
    }

    func testTrailingBytesRawAndGzip() throws {
        let bytes = IDXFixtures.idxBytes(shape: [2, 2], data: [1, 2, 3, 4, 5, 6])
        let raw = try fixtures.writeRaw("trail", bytes)
        assertInvalidFile(raw, reasonContains: ["corrupt: 2 trailing bytes", "4 data bytes"]) { _ = try IDX.read(raw) }
        let gzip = try fixtures.writeGzip("trail.gz", bytes)
        assertInvalidFile(gzip, reasonContains: ["corrupt: 2 trailing bytes", "4 data bytes"]) { _ = try IDX.read(gzip) }
    }

    func testCorruptGzipStream() throws {
        let data = (0..<5000).map { UInt8(truncatingIfNeeded: $0 * $0 / 7) }
        let path = try fixtures.writeGzip("corrupt.gz", IDXFixtures.idxBytes(shape: [5000], data: data))
        var compressed = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        for i in stride(from: 20, to: compressed.count - 8, by: 3) { compressed[i] ^= 0x5A }
        try fixtures.writeRaw("corrupt.gz", compressed)
        assertInvalidFile(path, reasonContains: ["gzip"]) { _ = try IDX.read(path) }
    }

    func testCutOffGzipStreamIsTruncated() throws {
        let data = (0..<50_000).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }
        let path = try fixtures.writeGzip("cut.gz", IDXFixtures.idxBytes(shape: [50_000], data: data))
        let compressed = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        try fixtures.writeRaw("cut.gz", Array(compressed.prefix(compressed.count / 2)))
        assertInvalidFile(path, reasonContains: ["truncated: expected 50000 data bytes", "gzip stream ends early"]) {
            _ = try IDX.read(path)
        }
    }

    /// A 2 MiB `.gz` whose header claims 2·10⁹ elements passes the gzip ratio check (2 MiB × 1032);
    /// `read` used to reserve the claim at once (8 GB of `Float`s, `readBytes` 2 GB) and die under a
    /// memory limit. Run in a child process whose address space is limited to 1.5 GiB more than it
    /// uses: the reservation must follow the data, and the short data is reported as truncated.
    func testHeaderClaimAloneDoesNotDecideTheAllocation() throws {
        try assertPassesInChildProcess {
            var state: UInt32 = 12345
            let data = (0..<(2 << 20)).map { _ -> UInt8 in   // incompressible: the .gz stays 2 MiB
                state = state &* 1_664_525 &+ 1_013_904_223
                return UInt8(truncatingIfNeeded: state >> 24)
            }
            let path = try fixtures.writeGzip("claim.gz", IDXFixtures.idxBytes(shape: [2_000_000_000], data: data))
            try limitAddressSpace(toCurrentPlus: 3 << 29)
            let found = "found \(data.count)"
            assertInvalidFile(path, reasonContains: ["truncated: expected 2000000000 data bytes", found]) { _ = try IDX.read(path) }
            assertInvalidFile(path, reasonContains: ["truncated: expected 2000000000 data bytes", found]) { _ = try IDX.readBytes(path) }
        }
    }

    /// Sets `RLIMIT_AS` to the address space in use plus `extra` bytes (child processes only).
    private func limitAddressSpace(toCurrentPlus extra: Int) throws {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = try XCTUnwrap(status.split(separator: "\n").first { $0.hasPrefix("VmSize:") })
        let kilobytes = try XCTUnwrap(Int(line.split(separator: " ", omittingEmptySubsequences: true)
            .dropFirst().first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""))
        var limit = rlimit(rlim_cur: rlim_t(kilobytes * 1024 + extra), rlim_max: rlim_t(kilobytes * 1024 + extra))
        XCTAssertEqual(setrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit), 0)
    }

    private func bigEndianBytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }
}
