import Foundation
import XCTest

/// What a child process left behind: its exit status and everything it wrote.
struct ChildResult {
    var status: Int32
    var output: String
    var error: String
}

/// Runs the built `dl` (or any program) as a child process for the command-line tests.
enum ChildProcess {
    /// `dl` beside the test bundle (`.build/<triple>/release/dl`); skips the test when it is not built.
    static func dlBinary() throws -> String {
        let bundle = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let path = URL(fileURLWithPath: bundle).deletingLastPathComponent().appendingPathComponent("dl").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw XCTSkip("no dl binary at \(path): build it with `swift build -c release`")
        }
        return path
    }

    /// Runs `executable arguments...` with no standard input, in `folder` (nil: the current one), with
    /// `environment` (nil: this process's), killing it (and failing the test) after `timeout` seconds.
    /// Its output goes through files, so that a chatty child can never block on a full pipe.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                    in folder: String? = nil, timeout: TimeInterval) throws -> ChildResult {
        let scratch = NSTemporaryDirectory() + "swiftdl-child-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let outPath = scratch + "/out", errPath = scratch + "/err"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        defer { try? out.close(); try? err.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline { process.terminate(); XCTFail("\(executable) \(arguments) ran past \(timeout) s"); break }
            usleep(10_000)
        }
        process.waitUntilExit()
        let read = { (path: String) in (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        return ChildResult(status: process.terminationStatus, output: read(outPath), error: read(errPath))
    }
}
