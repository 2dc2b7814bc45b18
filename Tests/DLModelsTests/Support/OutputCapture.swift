import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs `body` with the file descriptor `stream` (`STDOUT_FILENO` or `STDERR_FILENO`) redirected
/// to a temporary file, and returns what was written there: the bytes the user would see.
func capturing(_ stream: Int32, _ body: () throws -> Void) rethrows -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("capture-\(UUID().uuidString)").path
    defer { unlink(path) }
    fflush(stdout)
    fflush(stderr)
    let saved = dup(stream)
    let file = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    dup2(file, stream)
    close(file)
    defer {
        fflush(stdout)
        fflush(stderr)
        dup2(saved, stream)
        close(saved)
    }
    try body()
    fflush(stdout)
    fflush(stderr)
    return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
}
