/// TFRecord framing, the container of TensorBoard event files (`tensorflow/core/lib/io/record_writer.cc`):
///
///     uint64 length                  little endian
///     uint32 masked CRC-32C of length's 8 bytes
///     byte   data[length]
///     uint32 masked CRC-32C of data
package enum TFRecord {
    /// `data` framed as one record.
    package static func frame(_ data: [UInt8]) -> [UInt8] {
        var header = ProtobufWriter()
        header.appendLittleEndian(UInt64(data.count))
        var record = header.bytes
        record.reserveCapacity(data.count + 16)
        record += littleEndian(CRC32C.masked(CRC32C.checksum(header.bytes)))
        record += data
        record += littleEndian(CRC32C.masked(CRC32C.checksum(data)))
        return record
    }

    private static func littleEndian(_ value: UInt32) -> [UInt8] {
        var writer = ProtobufWriter()
        writer.appendLittleEndian(value)
        return writer.bytes
    }
}
