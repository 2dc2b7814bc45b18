import CZlibSystem
import DLCore
#if canImport(Glibc)
import Glibc
#endif

/// A sequential reader over a regular file that may be gzip-compressed: a file that starts with
/// gzip's magic bytes (0x1F 0x8B) is inflated with zlib, any other is read as plain bytes. Every
/// failure is a `DLError` naming the file.
///
/// zlib's `gzopen`/`gzread` are not used: `gzopen` blocks forever on a FIFO with no writer, and
/// `gzread` silently ignores junk after the gzip stream. Here, only regular files are opened (a
/// FIFO, device or socket is refused without blocking), several gzip members in a row are read as
/// one stream (as `gunzip` does), and anything else after the last member is an error.
internal final class CompressedFileReader {
    /// The path the reader was opened with, for error messages.
    let path: String
    /// The size of the file on disk (compressed size for gzip files).
    let fileSize: Int
    /// Whether the file is gzip-compressed (`false`: it is read as plain bytes).
    private(set) var isCompressed = false
    /// Set when the data ended because the file stops inside a gzip member.
    private(set) var gzipStreamEndedEarly = false

    private let descriptor: Int32
    /// The size of the raw input buffer (256 KiB).
    private static let inputCapacity = 1 << 18
    /// Raw bytes read from the file and not yet used: `input[inputStart..<inputEnd]`.
    private let input = UnsafeMutablePointer<UInt8>.allocate(capacity: inputCapacity)
    private var inputStart = 0, inputEnd = 0
    /// Raw bytes read from the file so far.
    private var fileOffset = 0
    /// zlib's state keeps a pointer back to its stream, so the stream must not move.
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private var streamInitialized = false
    /// Set once the end of the data was reached.
    private var finished = false

    /// Opens `path` for reading.
    /// - Throws: `DLError.fileAccess` when the file is missing, cannot be opened or is not a regular
    ///   file (a folder, FIFO, device or socket); `DLError.invalidFile` when zlib cannot start.
    init(path: String) throws {
        // O_NONBLOCK: opening a FIFO with no writer returns at once (and is refused below).
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            let reason = Self.systemError(errno)
            stream.deallocate(); input.deallocate()
            throw DLError.fileAccess(path: path, reason: reason)
        }
        var info = stat()
        let statCode = fstat(descriptor, &info) == 0 ? 0 : errno
        let kind = info.st_mode & S_IFMT
        guard statCode == 0, kind == S_IFREG else {
            close(descriptor)
            stream.deallocate(); input.deallocate()
            if statCode != 0 { throw DLError.fileAccess(path: path, reason: Self.systemError(statCode)) }
            let what = kind == S_IFDIR ? "a folder" : kind == S_IFIFO ? "a FIFO" : kind == S_IFSOCK ? "a socket" : "a device"
            throw DLError.fileAccess(path: path, reason: "is \(what), not a regular file")
        }
        self.path = path
        self.descriptor = descriptor
        self.fileSize = Int(info.st_size)
        // Fully initialized from here: `deinit` releases what a throw leaves behind.
        try fillInput(atLeast: 2)
        isCompressed = inputEnd - inputStart >= 2 && input[inputStart] == 0x1F && input[inputStart + 1] == 0x8B
        if isCompressed {
            stream.initialize(to: z_stream())
            guard inflateInit2_(stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                throw DLError.invalidFile(path: path, reason: "zlib could not start inflating (out of memory?)")
            }
            streamInitialized = true
        }
    }

    deinit {
        if streamInitialized { inflateEnd(stream) }
        stream.deallocate()
        input.deallocate()
        close(descriptor)
    }

    /// Fills `buffer` from the file; returns how many bytes were read, fewer than `buffer.count`
    /// only at the end of the data (see `gzipStreamEndedEarly` for why it ended).
    /// - Throws: `DLError.invalidFile` for corrupt gzip data or bytes after the gzip stream,
    ///   `DLError.fileAccess` for I/O errors.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), !buffer.isEmpty else { return 0 }
        var total = 0
        while total < buffer.count && !finished {
            if inputStart == inputEnd {
                try fillInput(atLeast: 1)
                if inputStart == inputEnd { reachedEndOfFile(); break }
            }
            if isCompressed {
                total += try inflate(into: base + total, count: buffer.count - total)
            } else {
                let count = Swift.min(buffer.count - total, inputEnd - inputStart)
                (base + total).update(from: input + inputStart, count: count)
                inputStart += count
                total += count
            }
        }
        return total
    }

    /// Counts the bytes left in the file (reads to the end).
    func countRemainingBytes() throws -> Int {
        var scratch = [UInt8](repeating: 0, count: 1 << 16)
        var remaining = 0
        while true {
            let got = try scratch.withUnsafeMutableBytes { try read(into: $0) }
            remaining += got
            if got < scratch.count { return remaining }
        }
    }

    // MARK: - Inflating

    /// Inflates from the buffered input into `output`; returns the bytes written. At the end of a
    /// gzip member, starts the next one or rejects what follows.
    private func inflate(into output: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
        stream.pointee.next_in = input + inputStart
        stream.pointee.avail_in = UInt32(inputEnd - inputStart)
        stream.pointee.next_out = output
        stream.pointee.avail_out = UInt32(Swift.min(count, 1 << 30))
        let before = stream.pointee.avail_out
        let code = CZlibSystem.inflate(stream, Z_NO_FLUSH)
        let consumed = Int(stream.pointee.avail_in) != inputEnd - inputStart
        inputStart = inputEnd - Int(stream.pointee.avail_in)
        let written = Int(before - stream.pointee.avail_out)
        switch code {
        case Z_OK, Z_BUF_ERROR:
            if written == 0 && !consumed {   // no progress possible: never loop on it
                throw DLError.invalidFile(path: path, reason: "corrupt gzip data: zlib makes no progress")
            }
            return written
        case Z_STREAM_END:
            try fillInput(atLeast: 2)
            if inputStart == inputEnd {
                finished = true
            } else if inputEnd - inputStart >= 2 && input[inputStart] == 0x1F && input[inputStart + 1] == 0x8B {
                inflateReset(stream)   // another gzip member follows (as from `cat a.gz b.gz`)
            } else {
                let trailing = fileSize - (fileOffset - (inputEnd - inputStart))
                throw DLError.invalidFile(path: path, reason: "corrupt: \(trailing) trailing bytes after the end of the gzip stream")
            }
            return written
        default:
            let message = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(code)"
            throw DLError.invalidFile(path: path, reason: "corrupt gzip data: \(message)")
        }
    }

    /// Called when the file has no more bytes: plain data simply ends; gzip data that ends inside
    /// a member is cut off (`gzipStreamEndedEarly`).
    private func reachedEndOfFile() {
        finished = true
        if isCompressed { gzipStreamEndedEarly = true }
    }

    // MARK: - Raw input

    /// Reads from the file until at least `minimum` unused bytes are buffered or the file ends.
    private func fillInput(atLeast minimum: Int) throws {
        if inputStart > 0 && inputEnd - inputStart < minimum {
            let kept = inputEnd - inputStart
            memmove(input, input + inputStart, kept)   // the ranges may overlap
            (inputStart, inputEnd) = (0, kept)
        }
        while inputEnd - inputStart < minimum && inputEnd < Self.inputCapacity {
            let got = Glibc.read(descriptor, input + inputEnd, Self.inputCapacity - inputEnd)
            if got < 0 {
                if errno == EINTR { continue }
                throw DLError.fileAccess(path: path, reason: "read failed: \(Self.systemError(errno))")
            }
            if got == 0 { return }
            inputEnd += got
            fileOffset += got
        }
    }

    private static func systemError(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
