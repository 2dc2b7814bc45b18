import DL
import Foundation

/// Compiled scripts of `dl run`, under `$XDG_CACHE_HOME/swiftdl/run` (default `~/.cache/swiftdl/run`).
///
/// An entry is a folder named by the SHA-256 of what was compiled (the script's text, with a
/// `#sourceLocation` line naming its path) and of the key (toolchain, library build, flags). It holds
/// `main.swift` (that text), `key` and `program`. An entry is used only when its `main.swift` and `key` equal
/// the wanted ones byte for byte, so even a hash collision cannot run the wrong program. Entries are made
/// in a temporary folder and renamed into place, so that two runs at once never see half an entry.
struct ScriptCache {
    /// The cache's folder.
    let folder: String

    /// The cache folder from the environment: `$XDG_CACHE_HOME/swiftdl/run`, else `~/.cache/swiftdl/run`.
    static func standard() -> ScriptCache {
        let environment = ProcessInfo.processInfo.environment
        let base = environment["XDG_CACHE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? NSHomeDirectory() + "/.cache"
        return ScriptCache(folder: base + "/swiftdl/run")
    }

    /// The source that is compiled for a script: a `#sourceLocation` line so that diagnostics, `#file` and
    /// traps name the script's own path and lines, then the script with a first `#!` line left blank
    /// (swiftc accepts `#!` only on a file's first line, which is now the `#sourceLocation` line).
    static func compiledSource(script: [UInt8], path: String) -> [UInt8] {
        var body = script
        if body.starts(with: Array("#!".utf8)) {
            let end = body.firstIndex(of: UInt8(ascii: "\n")) ?? body.endIndex
            body.removeSubrange(0..<end)
        }
        let escaped = path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return Array("#sourceLocation(file: \"\(escaped)\", line: 1)\n".utf8) + body
    }

    /// The folder of the entry for `source` compiled under `key`.
    func entry(source: [UInt8], key: String) -> String {
        folder + "/" + SHA256.hexDigest(source + [0] + Array(key.utf8))
    }

    /// The cached program for `source` and `key`, when an entry holds exactly them.
    func program(source: [UInt8], key: String) -> String? {
        let entry = entry(source: source, key: key)
        guard let cachedSource = FileManager.default.contents(atPath: entry + "/main.swift"),
              let cachedKey = FileManager.default.contents(atPath: entry + "/key"),
              [UInt8](cachedSource) == source, [UInt8](cachedKey) == Array(key.utf8),
              FileManager.default.isExecutableFile(atPath: entry + "/program") else { return nil }
        return entry + "/program"
    }

    /// Compiles `source` with `compile` (which gets the source file and the program to write) in a new
    /// temporary folder of the cache, then moves it into place. Returns the program, or nil when the
    /// compiler failed (it has shown its errors).
    func add(source: [UInt8], key: String, compile: (_ sourcePath: String, _ programPath: String) throws -> Bool) throws -> String? {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        removeAbandonedFolders()
        let temporary = folder + "/.tmp-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: false)
        var moved = false
        defer { if !moved { try? FileManager.default.removeItem(atPath: temporary) } }
        try Data(source).write(to: URL(fileURLWithPath: temporary + "/main.swift"))
        try Data(key.utf8).write(to: URL(fileURLWithPath: temporary + "/key"))
        guard try compile(temporary + "/main.swift", temporary + "/program") else { return nil }

        let entry = entry(source: source, key: key)
        if rename(temporary, entry) == 0 { moved = true; return entry + "/program" }
        // The entry exists: another run compiled the same script meanwhile (use it), or a stale or
        // colliding entry holds something else (replace it).
        if let program = program(source: source, key: key) { return program }
        let stale = folder + "/.stale-\(getpid())-\(UUID().uuidString)"
        if rename(entry, stale) == 0 { try? FileManager.default.removeItem(atPath: stale) }
        if rename(temporary, entry) == 0 { moved = true; return entry + "/program" }
        if let program = program(source: source, key: key) { return program }
        throw DLError.fileAccess(path: entry, reason: "cannot store the compiled script (errno \(errno))")
    }

    /// Removes the temporary folders of runs that were stopped while compiling (a day old or more; a
    /// compilation in progress is far younger).
    private func removeAbandonedFolders() {
        let dayAgo = Date().addingTimeInterval(-86_400)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        where name.hasPrefix(".tmp-") || name.hasPrefix(".stale-") {
            if let date = SwiftDLBuild.modificationDate(folder + "/" + name), date < dayAgo {
                try? FileManager.default.removeItem(atPath: folder + "/" + name)
            }
        }
    }
}
