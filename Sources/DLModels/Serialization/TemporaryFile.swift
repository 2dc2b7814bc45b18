#if canImport(Glibc)
import Glibc
#endif
import DLCore

/// A file under the temporary folder (`$TMPDIR`, else `/tmp`) that exists only while a closure runs: how the
/// weights inside a `.keras` archive are handed to HDF5, which reads and writes files, not memory. `path`, the
/// archive's own name, is only named in errors.
enum TemporaryFile {
    /// The bytes of the file that `write` fills at a temporary path.
    static func bytes(writtenBy write: (String) throws -> Void, for path: String) throws -> [UInt8] {
        try with(for: path) { temporary in
            try write(temporary)
            return try read(temporary, for: path)
        }
    }

    /// `body`'s result on a temporary file holding `bytes`.
    static func reading<R>(_ bytes: [UInt8], for path: String, _ body: (String) throws -> R) throws -> R {
        try with(for: path) { temporary in
            guard let file = fopen(temporary, "wb") else { throw failure(path) }
            let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
            guard fclose(file) == 0, written == bytes.count else { throw failure(path) }
            return try body(temporary)
        }
    }

    private static func with<R>(for path: String, _ body: (String) throws -> R) throws -> R {
        let folder = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array("\(folder)/swiftdl-XXXXXX".utf8CString)
        let descriptor = mkstemp(&template)
        guard descriptor >= 0 else { throw failure(path) }
        close(descriptor)
        let temporary = String(cString: template)
        defer { unlink(temporary) }
        return try body(temporary)
    }

    private static func read(_ temporary: String, for path: String) throws -> [UInt8] {
        guard let file = fopen(temporary, "rb") else { throw failure(path) }
        defer { fclose(file) }
        var bytes = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count == 0 { break }
            bytes += chunk[0..<count]
        }
        guard ferror(file) == 0 else { throw failure(path) }
        return bytes
    }

    private static func failure(_ path: String) -> DLError {
        .fileAccess(path: path, reason: "a temporary file for the archive's weights cannot be used: "
            + String(cString: strerror(errno)))
    }
}
