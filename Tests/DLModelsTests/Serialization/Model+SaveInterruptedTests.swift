import DL
import DLTestSupport
import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// A save killed halfway (SIGKILL, as a crash or a power cut would end it) leaves the previous file at the
/// real name, byte for byte: a child copy of the test process saves a large model over a small model's file
/// and is killed while its temporary file grows.
final class ModelSaveInterruptedTests: XCTestCase {
    /// The shared file, named by the parent for its child through the environment of the test process.
    private static let folderVariable = "SWIFTDL_SAVE_KILL_FOLDER"

    func testKilledWhileWritingLeavesThePreviousFileIntact() throws {
        if ChildProcess.isChild(self) {
            // The child: a 4-million-weight model (16 MB) saved over the small one, again and again.
            let folder = ProcessInfo.processInfo.environment[Self.folderVariable] ?? ""
            let model = Sequential([Dense(2000, inputShape: [2000])], name: "large")
            while true { try model.save(to: folder + "/model.h5") }
        }
        for attempt in 1...5 {
            let folder = NSTemporaryDirectory() + "swiftdl-save-kill-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = folder + "/model.h5"
            let small = Sequential([Dense(3, inputShape: [4])], name: "small")
            try small.save(to: path)
            let before = try Data(contentsOf: URL(fileURLWithPath: path))

            setenv(Self.folderVariable, folder, 1)
            let child = try ChildProcess.start(ChildProcess.identifier(self, #function))
            unsetenv(Self.folderVariable)
            let caught = waitForPartialTemporaryFile(in: folder, of: child)
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
            let after = try Data(contentsOf: URL(fileURLWithPath: path))
            guard caught, after == before else {
                // The child finished a save before the kill (a slow start): the file is then the large model,
                // whole. Try again, so that the kill lands inside a write.
                XCTAssertEqual(try Model.load(from: path).countParams(), 4_002_000, "attempt \(attempt)")
                continue
            }
            XCTAssertEqual(try Model.load(from: path).countParams(), small.countParams())
            return
        }
        XCTFail("no kill landed inside a write in 5 attempts")
    }

    /// Waits (up to 60 s) until a temporary file beside the model holds some bytes while the child runs.
    private func waitForPartialTemporaryFile(in folder: String, of child: Process) -> Bool {
        let deadline = Date().addingTimeInterval(60)
        while child.isRunning && Date() < deadline {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            for name in names where name.hasPrefix(".model.h5.") && name.hasSuffix(".tmp") {
                let size = (try? FileManager.default.attributesOfItem(atPath: folder + "/" + name)[.size] as? Int) ?? 0
                if size > 1 << 20 { return true }
            }
            usleep(500)
        }
        return false
    }
}
