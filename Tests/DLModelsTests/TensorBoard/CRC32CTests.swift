import DLModels
import DLTestSupport
import XCTest

final class CRC32CTests: XCTestCase {
    func testStandardCheckValue() {
        XCTAssertEqual(CRC32C.checksum(Array("123456789".utf8)), 0xE306_9283)
        XCTAssertEqual(CRC32C.checksum([]), 0)
    }

    func testISCSIVectors() {
        // RFC 3720 B.4 (TensorFlow's crc32c_test.cc StandardResults).
        XCTAssertEqual(CRC32C.checksum([UInt8](repeating: 0, count: 32)), 0x8A91_36AA)
        XCTAssertEqual(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)), 0x62A8_AB43)
        XCTAssertEqual(CRC32C.checksum((0..<32).map { UInt8($0) }), 0x46DD_794E)
        XCTAssertEqual(CRC32C.checksum((0..<32).map { UInt8(31 - $0) }), 0x113F_DB5C)
    }

    func testTableMatchesBitwiseReference() {
        var generator = SystemRandomNumberGenerator()
        for length in [1, 7, 64, 1000] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            XCTAssertEqual(CRC32C.checksum(bytes), EventFileDecoder.referenceCRC32C(bytes), "length \(length)")
        }
    }

    func testMaskAsTensorFlow() {
        // crc32c::Mask: ((crc >> 15) | (crc << 17)) + 0xa282ead8, worked by hand for the check value:
        // 0xE3069283 >> 15 = 0x1C60D, << 17 (32-bit) = 0x25060000, or = 0x2507C60D, + 0xA282EAD8 = 0xC78AB0E5.
        XCTAssertEqual(CRC32C.masked(0xE306_9283), 0xC78A_B0E5)
        XCTAssertEqual(CRC32C.masked(0xE306_9283), EventFileDecoder.mask(0xE306_9283))
        for crc: UInt32 in [0, 1, 0xFFFF_FFFF, 0x8A91_36AA] {
            XCTAssertEqual(CRC32C.unmasked(CRC32C.masked(crc)), crc)
            XCTAssertNotEqual(CRC32C.masked(crc), crc)
            XCTAssertNotEqual(CRC32C.masked(CRC32C.masked(crc)), crc)
        }
    }
}
