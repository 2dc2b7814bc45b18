import DLModels
import XCTest

final class ProtobufWriterTests: XCTestCase {
    private func varint(_ value: UInt64) -> [UInt8] {
        var writer = ProtobufWriter()
        writer.appendVarint(value)
        return writer.bytes
    }

    func testVarints() {
        XCTAssertEqual(varint(0), [0x00])
        XCTAssertEqual(varint(1), [0x01])
        XCTAssertEqual(varint(127), [0x7F])
        XCTAssertEqual(varint(128), [0x80, 0x01])
        XCTAssertEqual(varint(300), [0xAC, 0x02])  // the protobuf documentation's example
        XCTAssertEqual(varint(UInt64.max), [UInt8](repeating: 0xFF, count: 9) + [0x01])
    }

    func testVarintFieldsAndNegativeNumbers() {
        var writer = ProtobufWriter()
        writer.appendVarintField(1, 150)  // the documentation's "08 96 01"
        writer.appendVarintField(2, -1)   // int64 -1: ten bytes
        XCTAssertEqual(writer.bytes, [0x08, 0x96, 0x01, 0x10] + [UInt8](repeating: 0xFF, count: 9) + [0x01])
    }

    func testFixedWidthNumbers() {
        var writer = ProtobufWriter()
        writer.appendDouble(1, 1.5)      // 0x3FF8000000000000
        writer.appendFloat(5, -2)        // 0xC0000000
        XCTAssertEqual(writer.bytes, [0x09, 0, 0, 0, 0, 0, 0, 0xF8, 0x3F, 0x2D, 0, 0, 0, 0xC0])
    }

    func testLengthDelimitedFieldsAndMessages() {
        var writer = ProtobufWriter()
        writer.appendString(2, "testing")  // the documentation's "12 07 74 65 73 74 69 6e 67"
        writer.appendMessage(3) { $0.appendVarintField(1, 150) }  // "1a 03 08 96 01"
        writer.appendBytes(16, [])  // field 16 needs a two-byte key
        XCTAssertEqual(writer.bytes, [0x12, 0x07] + Array("testing".utf8) + [0x1A, 0x03, 0x08, 0x96, 0x01, 0x82, 0x01, 0x00])
    }

    func testLongMessageLength() {
        var writer = ProtobufWriter()
        writer.appendBytes(1, [UInt8](repeating: 7, count: 200))
        XCTAssertEqual(Array(writer.bytes.prefix(3)), [0x0A, 0xC8, 0x01])
        XCTAssertEqual(writer.bytes.count, 203)
    }
}
