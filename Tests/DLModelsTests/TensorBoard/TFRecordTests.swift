import DLModels
import DLTestSupport
import XCTest

final class TFRecordTests: XCTestCase {
    func testWorkedRecordFraming() {
        // length 3 = 03 00 00 00 00 00 00 00, then masked CRCs of those 8 bytes and of the data.
        let record = TFRecord.frame([0x61, 0x62, 0x63])
        XCTAssertEqual(Array(record.prefix(8)), [3, 0, 0, 0, 0, 0, 0, 0])
        XCTAssertEqual(record.count, 3 + 16)
        func uint32(_ at: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(record[at + $1]) << (8 * $1) } }
        XCTAssertEqual(uint32(8), CRC32C.masked(CRC32C.checksum([3, 0, 0, 0, 0, 0, 0, 0])))
        XCTAssertEqual(Array(record[12..<15]), [0x61, 0x62, 0x63])
        // crc32c("abc") = 0x364B3FB7 (a published value), masked.
        XCTAssertEqual(CRC32C.checksum([0x61, 0x62, 0x63]), 0x364B_3FB7)
        XCTAssertEqual(uint32(15), CRC32C.masked(0x364B_3FB7))
        XCTAssertEqual(try EventFileDecoder.records(record), [[0x61, 0x62, 0x63]])
    }
}
