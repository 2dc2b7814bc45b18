import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Runs part of a test in a child copy of the test process, for what cannot run in the test
/// process itself: a call that traps (the test then checks the message on the child's standard
/// error), or a call that needs a resource limit.
///
/// The test bundle is started again (`/proc/self/exe`) with the XCTest filter
/// `Module.Class/testMethod` and the environment variable `SWIFTDL_CHILD_TEST` naming that test:
/// in the child, the same test method runs `body`; in the parent, it waits for the child (with a
/// timeout, after which the child is killed) and checks how it ended.
public enum ChildProcess {
    /// The environment variable naming the test that a child process runs `body` for.
    public static let variable = "SWIFTDL_CHILD_TEST"

    /// How a child process ended.
    public struct Outcome {
        /// The exit status, or the signal's number when `signaled`.
        public var status: Int32
        /// Whether the child was ended by a signal (a trap: SIGILL or SIGTRAP).
        public var signaled: Bool
        /// Whether the child was killed for running past the timeout.
        public var timedOut: Bool
        /// What the child wrote to standard error and to standard output (XCTest's report).
        public var standardError: String, standardOutput: String
    }

    /// The XCTest filter of `testCase`'s test `function` (`DLCoreTests.TrapTests/testReshaped`).
    public static func identifier(_ testCase: XCTestCase, _ function: String) -> String {
        let method = function.hasSuffix("()") ? String(function.dropLast(2)) : function
        return "\(String(reflecting: type(of: testCase)))/\(method)"
    }

    /// Whether this process is the child started for `testCase`'s test `function`.
    public static func isChild(_ testCase: XCTestCase, function: String = #function) -> Bool {
        ProcessInfo.processInfo.environment[variable] == identifier(testCase, function)
    }

    /// Starts the test bundle again for test `identifier` only and waits up to `timeout` seconds.
    public static func run(_ identifier: String, timeout: TimeInterval) throws -> Outcome {
        let folder = NSTemporaryDirectory() + "swiftdl-child-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let errPath = folder + "/stderr", outPath = folder + "/stdout"
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        let errHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        let outHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        defer { try? errHandle.close(); try? outHandle.close() }

        let process = try start(identifier, standardOutput: outHandle, standardError: errHandle)
        let deadline = Date().addingTimeInterval(timeout)
        var timedOut = false
        while process.isRunning {
            if Date() > deadline {
                timedOut = true
                kill(process.processIdentifier, SIGKILL)
                break
            }
            usleep(10_000)
        }
        process.waitUntilExit()
        let read = { (path: String) in (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        return Outcome(status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal,
                       timedOut: timedOut, standardError: read(errPath), standardOutput: read(outPath))
    }

    /// Starts the test bundle again for test `identifier` only, without waiting: for a parent that
    /// watches the child and kills it at a moment of its choosing.
    public static func start(_ identifier: String, standardOutput: FileHandle? = nil,
                             standardError: FileHandle? = nil) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        process.arguments = [identifier]
        var environment = ProcessInfo.processInfo.environment
        environment[variable] = identifier
        environment["SWIFT_BACKTRACE"] = "enable=no"   // the runtime's crash backtracer is slow and noisy
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardError = standardError ?? FileHandle.nullDevice
        process.standardOutput = standardOutput ?? FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Makes this process dump no core when it traps (a child that is meant to trap).
    public static func disableCoreDumps() {
        var limit = rlimit(rlim_cur: 0, rlim_max: 0)
        _ = setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &limit)
    }
}

extension XCTestCase {
    /// Asserts that `body` traps, with a message on standard error that contains every one of
    /// `fragments`: run in a child process (see `ChildProcess`), as a trap ends the process.
    public func assertTraps(stderrContains fragments: [String], timeout: TimeInterval = 120,
                            function: String = #function, file: StaticString = #filePath, line: UInt = #line,
                            _ body: () -> Void) {
        if ChildProcess.isChild(self, function: function) {
            ChildProcess.disableCoreDumps()
            body()
            return   // no trap: the child exits with status 0, which the parent reports
        }
        do {
            let outcome = try ChildProcess.run(ChildProcess.identifier(self, function), timeout: timeout)
            let report = "\nchild stderr:\n\(outcome.standardError)\nchild stdout (tail):\n\(outcome.standardOutput.suffix(2000))"
            XCTAssertFalse(outcome.timedOut, "the child ran past \(timeout) s and was killed" + report, file: file, line: line)
            XCTAssertTrue(outcome.signaled, "the child did not trap (exit status \(outcome.status))" + report, file: file, line: line)
            for fragment in fragments {
                XCTAssertTrue(outcome.standardError.contains(fragment), "stderr lacks '\(fragment)'" + report, file: file, line: line)
            }
        } catch {
            XCTFail("could not run the child process: \(error)", file: file, line: line)
        }
    }

    /// Runs `body` (which may use XCTest's assertions) in a child process and asserts that it
    /// finished within `timeout` seconds with no failure: for calls that need a resource limit or
    /// that hang when they regress.
    public func assertPassesInChildProcess(timeout: TimeInterval = 120, function: String = #function,
                                           file: StaticString = #filePath, line: UInt = #line,
                                           _ body: () throws -> Void) rethrows {
        if ChildProcess.isChild(self, function: function) {
            try body()
            return
        }
        do {
            let outcome = try ChildProcess.run(ChildProcess.identifier(self, function), timeout: timeout)
            let report = "\nchild stderr:\n\(outcome.standardError)\nchild stdout (tail):\n\(outcome.standardOutput.suffix(2000))"
            XCTAssertFalse(outcome.timedOut, "the child ran past \(timeout) s and was killed" + report, file: file, line: line)
            XCTAssertTrue(!outcome.signaled && outcome.status == 0,
                          "the child failed (\(outcome.signaled ? "signal" : "exit status") \(outcome.status))" + report,
                          file: file, line: line)
            XCTAssertTrue(outcome.standardOutput.contains("Executed 1 test"),
                          "the child did not run exactly this test" + report, file: file, line: line)
        } catch {
            XCTFail("could not run the child process: \(error)", file: file, line: line)
        }
    }
}
