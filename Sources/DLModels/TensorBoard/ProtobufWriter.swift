/// A minimal protocol-buffer encoder: the wire format's varints, fixed 32- and 64-bit numbers and
/// length-delimited fields, enough for TensorBoard's `Event` and `Summary` messages (no
/// swift-protobuf, whose build costs minutes in every CI run).
///
/// Each call appends one field: a key (`field << 3 | wireType` as a varint) and its value, little
/// endian for fixed widths. Proto3 leaves fields at their default value out; callers skip them.
package struct ProtobufWriter {
    /// The wire types used here.
    package enum WireType: UInt64 {
        case varint = 0, fixed64 = 1, lengthDelimited = 2, fixed32 = 5
    }

    /// The encoded message so far.
    package private(set) var bytes: [UInt8] = []

    /// An empty message.
    package init() {}

    /// Appends `value` as a base-128 varint: 7 bits a byte, least significant first, the high bit set
    /// on every byte but the last.
    package mutating func appendVarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// Appends a field's key.
    package mutating func appendKey(_ field: Int, _ wireType: WireType) {
        appendVarint(UInt64(field) << 3 | wireType.rawValue)
    }

    /// An `int64`, `uint64` or enum field (negative numbers take ten bytes, as in protobuf).
    package mutating func appendVarintField(_ field: Int, _ value: Int64) {
        appendKey(field, .varint)
        appendVarint(UInt64(bitPattern: value))
    }

    /// A `double` field (fixed 64 bits).
    package mutating func appendDouble(_ field: Int, _ value: Double) {
        appendKey(field, .fixed64)
        appendLittleEndian(value.bitPattern)
    }

    /// A `float` field (fixed 32 bits).
    package mutating func appendFloat(_ field: Int, _ value: Float) {
        appendKey(field, .fixed32)
        appendLittleEndian(value.bitPattern)
    }

    /// A `bytes` field.
    package mutating func appendBytes(_ field: Int, _ value: [UInt8]) {
        appendKey(field, .lengthDelimited)
        appendVarint(UInt64(value.count))
        bytes += value
    }

    /// A `string` field (UTF-8).
    package mutating func appendString(_ field: Int, _ value: String) {
        appendBytes(field, Array(value.utf8))
    }

    /// An embedded message, written by `body` into a writer of its own and then appended as bytes.
    package mutating func appendMessage(_ field: Int, _ body: (inout ProtobufWriter) -> Void) {
        var nested = ProtobufWriter()
        body(&nested)
        appendBytes(field, nested.bytes)
    }

    /// Appends a fixed-width integer, least significant byte first.
    package mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }
}
