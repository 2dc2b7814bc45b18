import CZlib
import DLCore
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// A sequential reader over a file that may be gzip-compressed (zlib's `gzopen`/`gzread` read
/// gzip and plain files alike). Every failure is a `DLError` naming the file.
internal final class CompressedFileReader {
    /// The path the reader was opened with, for error messages.
    let path: String
    /// The size of the file on disk (compressed size for gzip files).
    let fileSize: Int
    private let file: gzFile

    /// Opens `path` for reading.
    /// - Throws: `DLError.fileAccess` when the file is missing, is a folder or cannot be opened.
    init(path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw DLError.fileAccess(path: path, reason: Self.systemError(errno))
        }
        guard (info.st_mode & S_IFMT) != S_IFDIR else {
            throw DLError.fileAccess(path: path, reason: "is a folder, not a file")
        }
        guard let file = gzopen(path, "rb") else {
            throw DLError.fileAccess(path: path, reason: Self.systemError(errno))
        }
        gzbuffer(file, 1 << 18)   // 256 KiB of input buffering instead of zlib's 8 KiB.
        self.path = path
        self.fileSize = Int(info.st_size)
        self.file = file
    }

    deinit { gzclose(file) }

    /// Whether the file is gzip-compressed (`false`: zlib reads it as plain bytes).
    var isCompressed: Bool { gzdirect(file) == 0 }

    /// Fills `buffer` from the file; returns how many bytes were read, fewer than `buffer.count`
    /// only at the end of the data (see `gzipStreamEndedEarly` for why it ended).
    /// - Throws: `DLError.invalidFile` for corrupt gzip data, `DLError.fileAccess` for I/O errors.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return 0 }
        var total = 0
        while total < buffer.count {
            // gzread takes an `unsigned` length: read in pieces of at most 1 GiB.
            let want = Swift.min(buffer.count - total, 1 << 30)
            let got = gzread(file, base + total, UInt32(want))
            if got < 0 { try throwZlibError() }
            if got == 0 { break }
            total += Int(got)
        }
        if total < buffer.count { try throwZlibError() }
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

    /// Whether the data ended because the gzip stream stops in the middle (a truncated `.gz`
    /// file) rather than at its proper end.
    var gzipStreamEndedEarly: Bool {
        var code: Int32 = Z_OK
        _ = gzerror(file, &code)
        return code == Z_BUF_ERROR
    }

    /// Throws the error zlib recorded for the file, if it is a real error; a short gzip stream
    /// (`Z_BUF_ERROR`) is left to the caller, who knows how many bytes were expected.
    private func throwZlibError() throws {
        var code: Int32 = Z_OK
        let message = gzerror(file, &code).map { String(cString: $0) } ?? "unknown zlib error"
        switch code {
        case Z_OK, Z_STREAM_END, Z_BUF_ERROR:
            return
        case Z_ERRNO:
            throw DLError.fileAccess(path: path, reason: "read failed: \(Self.systemError(errno))")
        default:
            throw DLError.invalidFile(path: path, reason: "corrupt gzip data: \(message)")
        }
    }

    private static func systemError(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
