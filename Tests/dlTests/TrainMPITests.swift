import Foundation
import XCTest

/// `dl train` under `mpirun -np 2`, unchanged: the two ranks train one model (data-parallel) and
/// reach the test loss of one process with the same seed and batch; rank 0 alone prints and saves;
/// a run that fails on every rank ends at once with the error.
extension DLCommandTests {
    /// Runs `mpirun -np <ranks> dl arguments...` (as root when the tests run as root, as CI does).
    private func mpirunDL(_ arguments: [String], ranks: Int = 2) throws -> ChildResult {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init) + ["/usr/bin"]
        guard let mpirun = folders.map({ $0 + "/mpirun" }).first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw XCTSkip("mpirun is not installed: install Open MPI (`make deps`) to run `dl train` under mpirun")
        }
        var environment = ProcessInfo.processInfo.environment
        environment["OMPI_MCA_btl_vader_single_copy_mechanism"] = "none"   // containers forbid the cross-process copy
        environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
        environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
        let root = getuid() == 0 ? ["--allow-run-as-root"] : []
        return try ChildProcess.run(mpirun, ["--oversubscribe", "-np", "\(ranks)", "--bind-to", "none"] + root
                                    + [try ChildProcess.dlBinary()] + arguments, environment: environment, timeout: 120)
    }

    func testTrainUnderMPIRunMatchesOneProcess() throws {
        let folder = try tinyMNIST()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let arguments = ["train", "mlp", "--dataset", "mnist", "--data-dir", folder, "--epochs", "3", "--batch-size", "3",
                         "--verbose", "0"]
        let single = try dl(arguments)
        XCTAssertEqual(single.status, 0, single.error)
        let saved = folder + "/mlp.keras"
        let started = Date()
        let parallel = try mpirunDL(arguments + ["--save", saved])
        XCTAssertEqual(parallel.status, 0, parallel.error + parallel.output)
        let lines = { (output: String) in output.split(separator: "\n").filter { $0.hasPrefix("Test ") } }
        XCTAssertEqual(lines(parallel.output), lines(single.output), "rank 0 prints the single process's test results, once")
        XCTAssertEqual(lines(single.output).count, 2, single.output)
        XCTAssertTrue(parallel.output.contains("Data-parallel on 2 ranks: "), parallel.output)
        XCTAssertEqual(parallel.output.components(separatedBy: "Saved to \(saved)").count, 2, parallel.output)
        XCTAssertTrue(FileManager.default.fileExists(atPath: saved))
        XCTAssertLessThan(Date().timeIntervalSince(started), 120)

        let failing = try mpirunDL(["train", "mlp", "--dataset", "mnist", "--data-dir", folder + "/absent", "--verbose", "0"])
        XCTAssertNotEqual(failing.status, 0)
        XCTAssertTrue((failing.error + failing.output).contains("absent"), failing.error + failing.output)
    }
}
