#if canImport(Glibc)
import Glibc
#endif
import DLCore
import FoundationEssentials

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
            do {
                try Data(bytes).write(to: URL(fileURLWithPath: temporary))
            } catch {
                throw failure(path, error)
            }
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
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: temporary)))
        } catch {
            throw failure(path, error)
        }
    }

    private static func failure(_ path: String, _ error: Error? = nil) -> DLError {
        .fileAccess(path: path, reason: "a temporary file for the archive's weights cannot be used: "
            + (error.map { "\($0)" } ?? String(cString: strerror(errno))))
    }
}
