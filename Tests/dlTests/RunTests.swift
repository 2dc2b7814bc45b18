import Foundation
import XCTest

/// `dl run`: the built `dl` compiles scripts against SwiftDL and runs them, each test with its own
/// cache folder (`XDG_CACHE_HOME`), so that the first run compiles and a second one is observably cached.
final class RunTests: XCTestCase {
    private var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "swiftdl-run-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/bin", withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Runs `executable arguments...` in the test's folder with its cache and `bin/` first on `PATH`.
    private func run(_ executable: String, _ arguments: [String], timeout: TimeInterval = 300) throws -> ChildResult {
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_CACHE_HOME"] = folder + "/cache"
        environment["PATH"] = folder + "/bin:" + (environment["PATH"] ?? "/usr/bin:/bin")
        return try ChildProcess.run(executable, arguments, environment: environment, in: folder, timeout: timeout)
    }

    private func dl(_ arguments: [String]) throws -> ChildResult { try run(try ChildProcess.dlBinary(), arguments) }

    private func write(_ text: String, to name: String, executable: Bool = false) throws -> String {
        let path = folder + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path) }
        return path
    }

    /// The cached programs (every `program` under the cache), with their inode numbers.
    private func cachedPrograms() -> [String: Int] {
        let cache = folder + "/cache/swiftdl/run"
        var programs: [String: Int] = [:]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: cache)) ?? [] {
            let path = cache + "/" + entry + "/program"
            if let inode = (try? FileManager.default.attributesOfItem(atPath: path))?[.systemFileNumber] as? NSNumber {
                programs[path] = inode.intValue
            }
        }
        return programs
    }

    /// The README's script (the code block after the `dl-run-example` marker of its Scripts section) trains
    /// for the epochs and samples given as arguments; a second run takes the program from the cache.
    func testReadmeScriptRunsAndIsCachedTheSecondTime() throws {
        let readme = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md"), encoding: .utf8)
        let afterMarker = try XCTUnwrap(readme.components(separatedBy: "<!-- dl-run-example").dropFirst().first)
        let block = try XCTUnwrap(afterMarker.components(separatedBy: "```swift\n").dropFirst().first?
            .components(separatedBy: "\n```").first)
        XCTAssertTrue(block.hasPrefix("#!/usr/bin/env dl run\n"), block)
        let script = try write(block + "\n", to: "train.swift")

        let first = try dl(["run", "--verbose", script, "2", "600"])
        XCTAssertEqual(first.status, 0, first.error)
        XCTAssertTrue(first.error.contains("dl run: compiling \(script)"), first.error)
        XCTAssertTrue(first.output.contains("Epoch 2/2"), first.output)   // the arguments reached the script
        XCTAssertTrue(first.output.contains("Test accuracy:"), first.output)
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/mlp.keras"))
        let programs = cachedPrograms()
        XCTAssertEqual(programs.count, 1)

        let second = try dl(["run", "--verbose", script, "3", "300"])
        XCTAssertEqual(second.status, 0, second.error)
        XCTAssertTrue(second.error.contains("dl run: cached \(script)"), second.error)
        XCTAssertFalse(second.error.contains("compiling"), second.error)
        XCTAssertTrue(second.output.contains("Epoch 3/3"), second.output)
        XCTAssertEqual(cachedPrograms(), programs, "the second run reuses the same program file")
    }

    /// Arguments reach the script as they are (options included), and its exit status is dl's; a changed
    /// script is compiled anew.
    func testArgumentsAndExitStatusPassThrough() throws {
        let script = try write("""
            import Foundation
            for argument in CommandLine.arguments { print("[\\(argument)]") }
            FileHandle.standardError.write("to stderr\\n".data(using: .utf8)!)
            exit(Int32(CommandLine.arguments[1]) ?? 99)
            """, to: "status.swift")
        let result = try dl(["run", script, "3", "two words", "--verbose", "-x"])
        XCTAssertEqual(result.status, 3, result.error)
        XCTAssertEqual(result.output, "[\(script)]\n[3]\n[two words]\n[--verbose]\n[-x]\n")
        XCTAssertEqual(result.error, "to stderr\n")
        XCTAssertEqual(try dl(["run", script, "0"]).status, 0)

        _ = try write("print(\"changed\")\n", to: "status.swift")
        let changed = try dl(["run", script])
        XCTAssertEqual(changed.output, "changed\n", changed.error)
        XCTAssertEqual(cachedPrograms().count, 2)
    }

    /// Two runs of a new script at once both compile it and run, and the cache ends with one entry and no
    /// temporary folder (each run compiles into its own folder, renamed into place).
    func testTwoRunsAtOnceShareOneCacheEntry() throws {
        let script = try write("print(\"ran\", CommandLine.arguments[1])\n", to: "twice.swift")
        var results = [ChildResult?](repeating: nil, count: 2)
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let result = try? dl(["run", script, "\(index)"])
            lock.lock()
            results[index] = result
            lock.unlock()
        }
        for (index, result) in results.enumerated() {
            XCTAssertEqual(result?.status, 0, result?.error ?? "no result")
            XCTAssertEqual(result?.output, "ran \(index)\n")
        }
        let cache = folder + "/cache/swiftdl/run"
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: cache).count, 1)
        XCTAssertEqual(cachedPrograms().count, 1)
    }

    /// A compile error names the script's own file and line (a `#!` line counted), and dl fails.
    func testCompileErrorNamesTheScriptFileAndLine() throws {
        let script = try write("#!/usr/bin/env dl run\nimport DL\n\nlet count: Int = Tensor([1, 2])\n", to: "broken.swift")
        let result = try dl(["run", script])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.error.contains("\(script):4:"), result.error)
        XCTAssertTrue(result.error.contains("error: cannot convert value of type 'Tensor'"), result.error)
        XCTAssertTrue(result.error.contains("broken.swift did not compile"), result.error)
        XCTAssertEqual(cachedPrograms().count, 0)
        XCTAssertEqual(try dl(["run", folder + "/absent.swift"]).status, 1)
    }

    /// Executable scripts: `#!/usr/bin/env dl run` through a `dl run` link on PATH (env gets "dl run" as one
    /// name), and `#!/usr/bin/env -S dl run` through `dl` on PATH; the file name needs no `.swift`.
    func testShebangLines() throws {
        let dl = try ChildProcess.dlBinary()
        try FileManager.default.createSymbolicLink(atPath: folder + "/bin/dl run", withDestinationPath: dl)
        try FileManager.default.createSymbolicLink(atPath: folder + "/bin/dl", withDestinationPath: dl)
        let body = "import DL\nprint(Tensor([1, 2, 3]).sum().scalar, CommandLine.arguments.dropFirst())\n"
        let plain = try write("#!/usr/bin/env dl run\n" + body, to: "plain", executable: true)
        let split = try write("#!/usr/bin/env -S dl run --verbose\n" + body, to: "split.swift", executable: true)

        let first = try run(plain, ["a", "b c"])
        XCTAssertEqual(first.status, 0, first.error)
        XCTAssertEqual(first.output, "6.0 [\"a\", \"b c\"]\n")
        let second = try run(split, ["d"])
        XCTAssertEqual(second.status, 0, second.error)
        XCTAssertEqual(second.output, "6.0 [\"d\"]\n")
        XCTAssertTrue(second.error.contains("dl run: compiling \(split)"), second.error)
    }
}
