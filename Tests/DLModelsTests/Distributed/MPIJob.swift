import DL
import DLTestSupport
import Foundation
import XCTest

/// Runs one test method of this bundle as an MPI job: `mpirun --oversubscribe -np N` starts the
/// test bundle N times with the XCTest filter of that test and `SWIFTDL_CHILD_TEST` naming it (see
/// `ChildProcess`), so that in each rank the same method runs its rank's part; the ranks write
/// what the parent checks into the folder named by `SWIFTDL_MPI_OUT`.
enum MPIJob {
    /// The environment variable naming the folder the ranks write to.
    static let outputVariable = "SWIFTDL_MPI_OUT"

    /// What the job left: its exit status, output, and the files the ranks wrote (name → bytes).
    struct Outcome {
        var status: Int32
        /// Whether it ran past the timeout and was ended.
        var timedOut: Bool
        var output: String
        var files: [String: Data]
        var seconds: Double

        /// File `name` as UTF-8 text ("" when absent).
        func text(_ name: String) -> String { files[name].map { String(decoding: $0, as: UTF8.self) } ?? "" }
    }

    /// `mpirun` on the search path; the test is skipped without it.
    static func mpirun() throws -> String {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":").map(String.init)
        for folder in folders + ["/usr/bin"] where FileManager.default.isExecutableFile(atPath: folder + "/mpirun") {
            return folder + "/mpirun"
        }
        throw XCTSkip("mpirun is not installed: install Open MPI (`make deps`, or apt-get install openmpi-bin "
            + "libopenmpi-dev) to run the data-parallel tests")
    }

    /// The folder the ranks of this job write to (in a rank).
    static var outputFolder: String { ProcessInfo.processInfo.environment[outputVariable] ?? NSTemporaryDirectory() }

    /// Writes `data` as `name` in the job's folder (in a rank).
    static func write(_ name: String, _ data: Data) throws {
        try data.write(to: URL(fileURLWithPath: outputFolder + "/" + name))
    }

    /// Writes the scalars of `tensors` as raw little-endian floats (in a rank).
    static func write(_ name: String, tensors: [Tensor]) throws {
        let scalars = tensors.flatMap(\.scalars)
        try write(name, scalars.withUnsafeBufferPointer { Data(buffer: $0) })
    }

    /// Floats written by `write(_:tensors:)`.
    static func floats(_ data: Data?) -> [Float] {
        guard let data else { return [] }
        return data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }

    /// Starts `testCase`'s `function` on `ranks` ranks and waits up to `timeout` seconds; `wrapper`
    /// (a command that runs its arguments) starts `mpirun`, given `options` before its own.
    static func run(_ testCase: XCTestCase, _ function: String, ranks: Int, timeout: TimeInterval,
                    wrapper: [String] = [], options: [String] = []) throws -> Outcome {
        try run(ChildProcess.identifier(testCase, function), ranks: ranks, timeout: timeout, wrapper: wrapper, options: options)
    }

    /// Starts the test `identifier` (`Module.Class/method`) on `ranks` ranks (see the other `run`).
    static func run(_ identifier: String, ranks: Int, timeout: TimeInterval, wrapper: [String] = [],
                    options: [String] = []) throws -> Outcome {
        let launcher = try mpirun()
        let folder = NSTemporaryDirectory() + "swiftdl-mpi-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let logPath = folder + "/job.log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        defer { try? log.close() }
        let bundle = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        var arguments = options + ["--oversubscribe", "-np", "\(ranks)", "--bind-to", "none"]
        if getuid() == 0 { arguments.append("--allow-run-as-root") }
        arguments += ["-x", ChildProcess.variable, "-x", outputVariable, bundle, identifier]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: wrapper.first ?? launcher)
        process.arguments = wrapper.isEmpty ? arguments : Array(wrapper.dropFirst()) + [launcher] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment[ChildProcess.variable] = identifier
        environment[outputVariable] = folder
        environment["SWIFT_BACKTRACE"] = "enable=no"
        environment["OMPI_MCA_btl_vader_single_copy_mechanism"] = "none"   // containers forbid the cross-process copy
        environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
        environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        let start = Date()
        try process.run()
        let deadline = start.addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        let timedOut = process.isRunning
        if timedOut { kill(process.processIdentifier, SIGTERM) }   // mpirun ends its ranks
        process.waitUntilExit()
        var files: [String: Data] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name != "job.log" {
            files[name] = FileManager.default.contents(atPath: folder + "/" + name)
        }
        let output = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return Outcome(status: process.terminationStatus, timedOut: timedOut, output: output, files: files,
                       seconds: Date().timeIntervalSince(start))
    }
}
