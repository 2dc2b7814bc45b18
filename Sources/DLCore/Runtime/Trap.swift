#if canImport(Glibc)
import Glibc
#endif

// Readable traps for misuse of the non-throwing calls (`reshaped` to an impossible shape, `matmul`
// of mismatched shapes, an eager layer call on the wrong shape, ...).
//
// Swift drops `precondition`'s message under `-O`: a release build, the one the README recommends,
// would print only "precondition failure". `check` and `trap` write the message to standard error
// first, in every build, then stop the program the way `precondition` does. Bad user data or
// configuration (files, `fit`, `build`) throws a `DLError` instead; these are for programming
// errors, and their messages name what was received (both shapes, for a shape mismatch).

/// Stops the program with `message` on standard error unless `condition` holds; the release-build
/// counterpart of `precondition`, whose message `-O` drops.
///
/// The condition is evaluated first and the message is built only on failure, so a check costs one
/// branch on the hot path.
/// - Parameters:
///   - condition: what must hold.
///   - message: what went wrong, naming what was received ("matmul: inner dimensions differ: [2, 3] · [4, 5]").
///   - file: the caller's file (the default: where `check` is called).
///   - line: the caller's line.
@inlinable @inline(__always)
public func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
                  file: StaticString = #fileID, line: UInt = #line) {
    if _slowPath(!condition()) { trap(message(), file: file, line: line) }
}

/// Writes "SwiftDL: `message`" and the calling `file:line` to standard error, flushes the output
/// streams, then stops the program as a failed `precondition` does (SIGILL or SIGTRAP), in release
/// builds too.
/// - Parameters:
///   - message: what went wrong, naming what was received.
///   - file: the caller's file (the default: where `trap` is called).
///   - line: the caller's line.
@inline(never)
public func trap(_ message: String, file: StaticString = #fileID, line: UInt = #line) -> Never {
    fflush(nil)   // what the program printed before the trap comes first
    writeToStandardError("SwiftDL: \(message)\n  at \(file):\(line)\n")
    preconditionFailure(file: file, line: line)
}

/// Writes `text` to file descriptor 2 in full (unbuffered, so nothing is lost when the program stops).
private func writeToStandardError(_ text: String) {
    var text = text
    text.withUTF8 { bytes in
        guard var pointer = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let written = write(2, pointer, left)
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            pointer += written
            left -= written
        }
    }
}
