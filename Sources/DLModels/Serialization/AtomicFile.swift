import DLCore
#if canImport(Glibc)
import Glibc
#endif

/// Writes a file so that its real name only ever holds a complete file: the content goes to a
/// temporary file in the same folder (same file system, so the final `rename` is atomic), which
/// is synced to disk and renamed over the destination. On any error the temporary file is
/// removed and a previous file under the real name stays as it was; a crash can leave only the
/// temporary file (`.<name>.<pid>.<n>.tmp`), never a half-written destination.
package enum AtomicFile {
    /// Calls `write` with the temporary path to fill, then moves that file to `path`.
    /// - Throws: what `write` throws, or `DLError.fileAccess` naming `path` when the temporary file
    ///   cannot be synced or renamed (the temporary file is removed either way).
    package static func write<R>(to path: String, _ write: (_ temporaryPath: String) throws -> R) throws -> R {
        let temporary = temporaryPath(for: path)
        do {
            let result = try write(temporary)
            try sync(temporary, destination: path)
            guard rename(temporary, path) == 0 else {
                throw DLError.fileAccess(path: path, reason: "cannot move the written file into place. Received: "
                                         + "rename from '\(temporary)' failed: \(String(cString: strerror(errno)))")
            }
            return result
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// `<folder>/.<name>.<pid>.<counter>.tmp`, beside `path`.
    static func temporaryPath(for path: String) -> String {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        return "\(folder).\(name).\(getpid()).\(counter.next()).tmp"
    }

    /// Flushes the written file to the disk before it takes the real name.
    private static func sync(_ temporary: String, destination: String) throws {
        let descriptor = open(temporary, O_RDONLY)
        guard descriptor >= 0 else {
            throw DLError.fileAccess(path: destination, reason: "the temporary file '\(temporary)' was not written. "
                                     + "Received: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else {
            throw DLError.fileAccess(path: destination, reason: "cannot sync the written file to disk. Received: "
                                     + String(cString: strerror(errno)))
        }
    }

    private static let counter = Counter()

    /// A process-wide counter, so that two saves in one process never share a temporary name.
    private final class Counter: @unchecked Sendable {
        private var value = 0
        private var lock = pthread_mutex_t()
        init() { pthread_mutex_init(&lock, nil) }
        func next() -> Int {
            pthread_mutex_lock(&lock)
            defer { pthread_mutex_unlock(&lock) }
            value += 1
            return value
        }
    }
}
