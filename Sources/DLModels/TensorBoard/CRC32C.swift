/// CRC-32C (Castagnoli: reflected polynomial 0x82F63B78, initial value and final xor 0xFFFFFFFF),
/// the checksum of TFRecord framing, computed a byte at a time through a 256-entry table.
///
/// `CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283` (the standard check value).
package enum CRC32C {
    /// The reflected Castagnoli polynomial.
    package static let polynomial: UInt32 = 0x82F6_3B78

    /// `table[i]`: the CRC of byte `i` alone (eight shift-and-xor steps of the reflected polynomial).
    private static let table: [UInt32] = (0..<256).map { index in
        var crc = UInt32(index)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ polynomial : crc >> 1 }
        return crc
    }

    /// The CRC-32C of `bytes`.
    package static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        table.withUnsafeBufferPointer { table in
            for byte in bytes {
                crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
            }
        }
        return crc ^ 0xFFFF_FFFF
    }

    /// The CRC-32C of `bytes`.
    package static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0) }
    }

    /// TensorFlow's masked CRC (`crc32c::Mask`): rotated right by 15 bits plus 0xA282EAD8, so that a
    /// CRC of data holding CRCs stays well distributed.
    package static func masked(_ crc: UInt32) -> UInt32 {
        ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8
    }

    /// The inverse of `masked` (`crc32c::Unmask`).
    package static func unmasked(_ maskedCRC: UInt32) -> UInt32 {
        let rotated = maskedCRC &- 0xA282_EAD8
        return (rotated >> 17) | (rotated << 15)
    }
}
