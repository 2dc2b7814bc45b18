import Foundation

/// Reads TensorBoard event files back for tests, independently of the writer: TFRecord framing with
/// both masked CRC-32Cs checked by a bit-at-a-time CRC (not the writer's table), then the `Event`,
/// `Summary.Value`, `SummaryMetadata` and `TensorProto` fields TensorBoard reads.
public enum EventFileDecoder {
    /// A malformed file: what was wrong and at which byte offset.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// One decoded `Event`.
    public struct Event {
        public var wallTime = 0.0, step: Int64 = 0
        public var fileVersion: String?, sourceWriter: String?
        public var values: [Value] = []
    }

    /// One decoded `Summary.Value` with its tensor and plugin.
    public struct Value {
        public var tag = "", pluginName = "", pluginContent: [UInt8] = []
        public var dataType: Int64 = 0, shape: [Int64] = [], content: [UInt8] = [], strings: [[UInt8]] = []
        /// A `DT_FLOAT` scalar's value.
        public var float: Float? {
            guard dataType == 1, content.count == 4 else { return nil }
            return Float(bitPattern: content.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }.littleEndian)
        }
        /// A `DT_DOUBLE` tensor's values.
        public var doubles: [Double] {
            stride(from: 0, to: content.count - 7, by: 8).map { offset in
                Double(bitPattern: content.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self) }.littleEndian)
            }
        }
    }

    /// A protobuf field: its number and either a varint / fixed number or bytes.
    public struct Field {
        public var number: Int, wireType: Int, number64: UInt64, bytes: [UInt8]
    }

    /// The bit-at-a-time CRC-32C (reflected polynomial 0x82F63B78) of `bytes`.
    public static func referenceCRC32C(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (0x82F6_3B78 & (0 &- (crc & 1))) }
        }
        return ~crc
    }

    /// TensorFlow's CRC mask.
    public static func mask(_ crc: UInt32) -> UInt32 { ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8 }

    /// The records of a TFRecord file, each CRC checked.
    public static func records(_ data: [UInt8]) throws -> [[UInt8]] {
        var records: [[UInt8]] = [], offset = 0
        func uint(_ at: Int, _ size: Int) -> UInt64 { (0..<size).reduce(0) { $0 | UInt64(data[at + $1]) << (8 * $1) } }
        while offset < data.count {
            guard offset + 12 <= data.count else { throw Failure(description: "truncated header at \(offset)") }
            let length = Int(uint(offset, 8))
            guard UInt32(uint(offset + 8, 4)) == mask(referenceCRC32C(Array(data[offset..<offset + 8]))) else {
                throw Failure(description: "bad length CRC at \(offset)")
            }
            guard offset + 16 + length <= data.count else { throw Failure(description: "truncated record at \(offset)") }
            let record = Array(data[offset + 12..<offset + 12 + length])
            guard UInt32(uint(offset + 12 + length, 4)) == mask(referenceCRC32C(record)) else {
                throw Failure(description: "bad data CRC at \(offset)")
            }
            records.append(record)
            offset += 16 + length
        }
        return records
    }

    /// The fields of one protobuf message, in order.
    public static func fields(_ bytes: [UInt8]) throws -> [Field] {
        var fields: [Field] = [], offset = 0
        func varint() throws -> UInt64 {
            var value: UInt64 = 0, shift: UInt64 = 0
            while true {
                guard offset < bytes.count, shift < 64 else { throw Failure(description: "bad varint at \(offset)") }
                let byte = bytes[offset]
                offset += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return value }
                shift += 7
            }
        }
        func take(_ count: Int) throws -> [UInt8] {
            guard count >= 0, offset + count <= bytes.count else { throw Failure(description: "truncated field at \(offset)") }
            defer { offset += count }
            return Array(bytes[offset..<offset + count])
        }
        while offset < bytes.count {
            let key = try varint()
            var field = Field(number: Int(key >> 3), wireType: Int(key & 7), number64: 0, bytes: [])
            switch field.wireType {
            case 0: field.number64 = try varint()
            case 1: field.number64 = try take(8).reversed().reduce(0) { $0 << 8 | UInt64($1) }
            case 2: field.bytes = try take(Int(try varint()))
            case 5: field.number64 = try take(4).reversed().reduce(0) { $0 << 8 | UInt64($1) }
            default: throw Failure(description: "unknown wire type \(field.wireType) at \(offset)")
            }
            fields.append(field)
        }
        return fields
    }

    /// One `Event` message.
    public static func event(_ bytes: [UInt8]) throws -> Event {
        var event = Event()
        for field in try fields(bytes) {
            switch field.number {
            case 1: event.wallTime = Double(bitPattern: field.number64)
            case 2: event.step = Int64(bitPattern: field.number64)
            case 3: event.fileVersion = String(decoding: field.bytes, as: UTF8.self)
            case 5: event.values += try fields(field.bytes).filter { $0.number == 1 }.map { try value($0.bytes) }
            case 10: event.sourceWriter = try fields(field.bytes).first { $0.number == 1 }.map { String(decoding: $0.bytes, as: UTF8.self) }
            default: break
            }
        }
        return event
    }

    /// One `Summary.Value` message.
    public static func value(_ bytes: [UInt8]) throws -> Value {
        var value = Value()
        for field in try fields(bytes) {
            switch field.number {
            case 1: value.tag = String(decoding: field.bytes, as: UTF8.self)
            case 8:
                for tensorField in try fields(field.bytes) {
                    switch tensorField.number {
                    case 1: value.dataType = Int64(bitPattern: tensorField.number64)
                    case 2:
                        for dim in try fields(tensorField.bytes) where dim.number == 2 {
                            value.shape.append(Int64(bitPattern: try fields(dim.bytes).first { $0.number == 1 }?.number64 ?? 0))
                        }
                    case 4: value.content = tensorField.bytes
                    case 8: value.strings.append(tensorField.bytes)
                    default: break
                    }
                }
            case 9:
                for plugin in try fields(field.bytes) where plugin.number == 1 {
                    for pluginField in try fields(plugin.bytes) {
                        if pluginField.number == 1 { value.pluginName = String(decoding: pluginField.bytes, as: UTF8.self) }
                        if pluginField.number == 2 { value.pluginContent = pluginField.bytes }
                    }
                }
            default: break
            }
        }
        return value
    }

    /// Every event of the file at `path`.
    public static func events(atPath path: String) throws -> [Event] {
        guard let data = FileManager.default.contents(atPath: path) else { throw Failure(description: "cannot read \(path)") }
        return try records(Array(data)).map(event)
    }
}
