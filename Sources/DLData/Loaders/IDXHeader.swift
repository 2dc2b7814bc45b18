import DLCore

/// The element types an IDX file can hold (the third byte of its magic number).
internal enum IDXElementType: UInt8, CaseIterable {
    case unsignedByte = 0x08
    case signedByte = 0x09
    case int16 = 0x0B
    case int32 = 0x0C
    case float32 = 0x0D
    case float64 = 0x0E

    /// Bytes per stored element.
    var byteWidth: Int {
        switch self {
        case .unsignedByte, .signedByte: return 1
        case .int16: return 2
        case .int32, .float32: return 4
        case .float64: return 8
        }
    }

    /// The name used in the IDX description and in error messages.
    var name: String {
        switch self {
        case .unsignedByte: return "ubyte"
        case .signedByte: return "int8"
        case .int16: return "int16"
        case .int32: return "int32"
        case .float32: return "float32"
        case .float64: return "float64"
        }
    }
}

/// The header of an IDX file: a 4-byte magic number (0x00, 0x00, type code, rank) and one
/// big-endian `UInt32` per dimension, outermost first.
internal struct IDXHeader {
    /// The largest number of dimensions accepted (IDX allows 255; nothing real needs more than 8).
    static let maximumRank = 8
    /// The largest number of elements accepted: a larger product means a corrupt header.
    static let maximumElementCount = Int(Int32.max)

    let elementType: IDXElementType
    let shape: [Int]

    /// The number of bytes the header occupies in the file.
    var byteCount: Int { 4 + 4 * shape.count }
    /// The number of elements that follow the header.
    var elementCount: Int { shape.reduce(1, *) }
    /// The number of data bytes that follow the header.
    var dataByteCount: Int { elementCount * elementType.byteWidth }

    /// Reads and validates the header at the start of `reader`.
    /// - Throws: `DLError.invalidFile` saying what is wrong with the header.
    static func read(from reader: CompressedFileReader) throws -> IDXHeader {
        func fail(_ reason: String) -> DLError { .invalidFile(path: reader.path, reason: reason) }

        var magic = [UInt8](repeating: 0, count: 4)
        let magicRead = try magic.withUnsafeMutableBytes { try reader.read(into: $0) }
        guard magicRead == 4 else {
            throw fail("truncated: the file holds \(magicRead) bytes, too few for the 4-byte IDX magic number")
        }
        guard magic[0] == 0, magic[1] == 0 else {
            let hex = magic.map { hexByte($0) }.joined()
            throw fail("bad magic number 0x\(hex): an IDX file starts with two zero bytes, a type code and the rank")
        }
        guard let elementType = IDXElementType(rawValue: magic[2]) else {
            let known = IDXElementType.allCases.map { "0x\(hexByte($0.rawValue)) \($0.name)" }.joined(separator: ", ")
            throw fail("unknown data type code 0x\(hexByte(magic[2])) (expected one of \(known))")
        }
        let rank = Int(magic[3])
        guard (1...maximumRank).contains(rank) else {
            throw fail("unsupported rank \(rank) (1...\(maximumRank) dimensions are supported)")
        }

        var dimensionBytes = [UInt8](repeating: 0, count: 4 * rank)
        let dimensionsRead = try dimensionBytes.withUnsafeMutableBytes { try reader.read(into: $0) }
        guard dimensionsRead == 4 * rank else {
            throw fail("truncated header: rank \(rank) needs \(4 * rank) bytes of dimensions, found \(dimensionsRead)")
        }
        let shape = (0..<rank).map { axis -> Int in
            dimensionBytes[(4 * axis)..<(4 * axis + 4)].reduce(0) { $0 << 8 | Int($1) }
        }
        if let zeroAxis = shape.firstIndex(of: 0) {
            throw fail("dimension \(zeroAxis) of shape \(shape) is zero; IDX dimensions must be positive")
        }
        var count = 1
        for size in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow, product <= maximumElementCount else {
                throw fail("shape \(shape) is implausibly large (more than \(maximumElementCount) elements); the header is corrupt")
            }
            count = product
        }
        return IDXHeader(elementType: elementType, shape: shape)
    }

    private static func hexByte(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return digits.count == 1 ? "0" + digits : digits
    }
}
