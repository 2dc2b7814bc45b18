import DLCore

/// Reader for the IDX format of MNIST and Fashion-MNIST (`train-images-idx3-ubyte` and friends).
///
/// An IDX file is a 4-byte magic number (two zero bytes, a type code, the rank), one big-endian
/// `UInt32` per dimension, then the elements, big-endian, row-major. Files may be plain or
/// gzip-compressed (`.gz`, inflated with zlib); both are streamed in 1 MiB chunks, and memory is
/// reserved for what the file can hold, never for the header's claim alone.
public enum IDX {
    /// Bytes decoded per chunk.
    static let chunkByteCount = 1 << 20

    /// Reads an IDX file (plain or gzip-compressed) into a tensor of the stored shape, each value
    /// converted to `Float` as stored (0...255 for unsigned bytes, no scaling).
    ///
    /// Accepted element types: `0x08` ubyte, `0x09` int8, `0x0B` int16, `0x0C` int32, `0x0D`
    /// float32, `0x0E` float64; ranks 1...8; positive dimensions.
    /// - Parameter path: the file, for example `train-images-idx3-ubyte.gz`.
    /// - Returns: a tensor of the shape in the header, for example `[60000, 28, 28]`.
    /// - Throws: `DLError.fileAccess` when the file is missing, unreadable or not a regular file
    ///   (a FIFO, device or folder);
    ///   `DLError.invalidFile` when the magic number, type, rank or a dimension is wrong, when the
    ///   data is shorter ("truncated") or longer ("trailing bytes") than the header announces, when
    ///   bytes follow the end of the gzip stream, or when the gzip stream is corrupt. The reason
    ///   says what was expected and what was found.
    public static func read(_ path: String) throws -> Tensor {
        let reader = try CompressedFileReader(path: path)
        let header = try IDXHeader.read(from: reader)
        try checkPlausibleSize(of: header, in: reader)
        let scalars = try readScalars(of: header, from: reader)
        try checkNoTrailingBytes(after: header, in: reader)
        return Tensor(shape: header.shape, scalars: scalars)
    }

    /// Reads an IDX file of unsigned bytes (type `0x08`, as MNIST's images) as stored: a quarter
    /// of the memory `read` needs for the same file.
    /// - Parameter path: the file, for example `train-images-idx3-ubyte.gz`.
    /// - Returns: the bytes, with the shape in the header.
    /// - Throws: the errors of `read`, and `DLError.invalidFile` when the elements are not
    ///   unsigned bytes.
    public static func readBytes(_ path: String) throws -> ByteTensor {
        let reader = try CompressedFileReader(path: path)
        let header = try IDXHeader.read(from: reader)
        guard header.elementType == .unsignedByte else {
            throw DLError.invalidFile(path: path, reason: "expected unsigned bytes (type 0x08), found "
                + "\(header.elementType.name); read it with IDX.read instead")
        }
        try checkPlausibleSize(of: header, in: reader)
        var bytes = [UInt8]()
        bytes.reserveCapacity(initialCapacity(for: header, in: reader))
        try streamElements(of: header, from: reader) { chunk in bytes.append(contentsOf: chunk) }
        try checkNoTrailingBytes(after: header, in: reader)
        return ByteTensor(shape: header.shape, bytes: bytes)
    }

    /// Throws `DLError.invalidFile` when the file goes on after the data the header announces.
    private static func checkNoTrailingBytes(after header: IDXHeader, in reader: CompressedFileReader) throws {
        let trailing = try reader.countRemainingBytes()
        guard trailing == 0 else {
            throw DLError.invalidFile(path: reader.path, reason: "corrupt: \(trailing) trailing bytes after the "
                + "\(header.dataByteCount) data bytes that shape \(header.shape) of \(header.elementType.name) needs")
        }
    }

    /// Rejects, before allocating anything, data that cannot fit the file: for a plain file the
    /// size must match exactly; a gzip file cannot expand more than 1032:1 (deflate's limit).
    private static func checkPlausibleSize(of header: IDXHeader, in reader: CompressedFileReader) throws {
        let expected = header.dataByteCount
        if reader.isCompressed {
            let (limit, overflow) = reader.fileSize.multipliedReportingOverflow(by: 1032)
            if !overflow && expected > limit {
                throw DLError.invalidFile(path: reader.path, reason: "truncated: expected \(expected) data bytes "
                    + "for shape \(header.shape), but a \(reader.fileSize)-byte gzip file cannot hold that many")
            }
        } else {
            let found = reader.fileSize - header.byteCount
            if found < expected {
                throw truncated(reader, header, found: found)
            } else if found > expected {
                throw DLError.invalidFile(path: reader.path, reason: "corrupt: \(found - expected) trailing bytes "
                    + "after the \(expected) data bytes that shape \(header.shape) of \(header.elementType.name) needs")
            }
        }
    }

    private static func truncated(_ reader: CompressedFileReader, _ header: IDXHeader, found: Int) -> DLError {
        let gzipNote = reader.isCompressed && reader.gzipStreamEndedEarly ? " (the gzip stream ends early)" : ""
        return .invalidFile(path: reader.path, reason: "truncated: expected \(header.dataByteCount) data bytes "
            + "for shape \(header.shape) of \(header.elementType.name), found \(found)\(gzipNote)")
    }

    /// The most elements reserved before a gzip file's data is read: its header's claim alone
    /// never decides a larger allocation (a small `.gz` padded with junk can pass the ratio check
    /// while claiming 2³¹ elements); beyond this, the result grows as the data arrives.
    static let gzipReservationLimit = 1 << 26

    /// The capacity to reserve for the result: the whole claim for a plain file (whose size was
    /// checked against it), at most `gzipReservationLimit` elements for a gzip file.
    private static func initialCapacity(for header: IDXHeader, in reader: CompressedFileReader) -> Int {
        reader.isCompressed ? Swift.min(header.elementCount, gzipReservationLimit) : header.elementCount
    }

    /// Decodes the data into `Float`s, chunk by chunk; the result grows with the data read.
    private static func readScalars(of header: IDXHeader, from reader: CompressedFileReader) throws -> [Float] {
        let decoded = UnsafeMutableBufferPointer<Float>.allocate(capacity: chunkByteCount)
        defer { decoded.deallocate() }
        var scalars = [Float]()
        scalars.reserveCapacity(initialCapacity(for: header, in: reader))
        try streamElements(of: header, from: reader) { chunk in
            let target = UnsafeMutableBufferPointer(rebasing: decoded[0..<(chunk.count / header.elementType.byteWidth)])
            decode(chunk, as: header.elementType, into: target)
            scalars.append(contentsOf: UnsafeBufferPointer(target))
        }
        return scalars
    }

    /// Reads the data in chunks of at most `chunkByteCount` bytes (whole elements), handing each to
    /// `consume`.
    /// - Throws: `DLError.invalidFile` ("truncated") when the data ends before the header's count.
    private static func streamElements(of header: IDXHeader, from reader: CompressedFileReader,
                                       _ consume: (UnsafeRawBufferPointer) throws -> Void) throws {
        let width = header.elementType.byteWidth
        let total = header.dataByteCount
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: (chunkByteCount / width) * width, alignment: 16)
        defer { chunk.deallocate() }
        var done = 0
        while done < total {
            let bytes = UnsafeMutableRawBufferPointer(rebasing: chunk[0..<Swift.min(chunk.count, total - done)])
            let got = try reader.read(into: bytes)
            guard got == bytes.count else { throw truncated(reader, header, found: done + got) }
            try consume(UnsafeRawBufferPointer(bytes))
            done += got
        }
    }

    /// Converts big-endian elements of `type` to `Float`; `output.count` elements.
    private static func decode(_ bytes: UnsafeRawBufferPointer, as type: IDXElementType,
                               into output: UnsafeMutableBufferPointer<Float>) {
        switch type {
        case .unsignedByte:
            let source = bytes.bindMemory(to: UInt8.self)
            for i in 0..<output.count { output[i] = Float(source[i]) }
        case .signedByte:
            let source = bytes.bindMemory(to: Int8.self)
            for i in 0..<output.count { output[i] = Float(source[i]) }
        case .int16:
            for i in 0..<output.count {
                output[i] = Float(Int16(bigEndian: bytes.loadUnaligned(fromByteOffset: 2 * i, as: Int16.self)))
            }
        case .int32:
            for i in 0..<output.count {
                output[i] = Float(Int32(bigEndian: bytes.loadUnaligned(fromByteOffset: 4 * i, as: Int32.self)))
            }
        case .float32:
            for i in 0..<output.count {
                let bits = UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))
                output[i] = Float(bitPattern: bits)
            }
        case .float64:
            for i in 0..<output.count {
                let bits = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))
                output[i] = Float(Double(bitPattern: bits))
            }
        }
    }
}
