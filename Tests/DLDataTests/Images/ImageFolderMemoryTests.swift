import DL
import DLTestSupport
import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// A streaming `ImageFolder` trains with a peak memory that does not grow with the number of
/// images: one epoch over 400 and over 3,000 generated 64 × 64 RGB images, each in a child process
/// that reports its peak resident size (`getrusage`'s `ru_maxrss`).
final class ImageFolderMemoryTests: XCTestCase {
    static let folderVariable = "SWIFTDL_TEST_IMAGE_FOLDER"

    func testPeakMemoryDoesNotGrowWithTheImageCount() throws {
        if let folder = ProcessInfo.processInfo.environment[Self.folderVariable],
           ChildProcess.isChild(self) {
            try trainOneEpoch(on: folder)
            return
        }
        var peaks: [Int: Int] = [:]
        for count in [400, 3000] {
            let folder = try ImageFixtures.temporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            try writeImages(count, into: folder)
            setenv(Self.folderVariable, folder, 1)
            defer { unsetenv(Self.folderVariable) }
            let outcome = try ChildProcess.run(ChildProcess.identifier(self, #function), timeout: 300)
            XCTAssertTrue(!outcome.signaled && outcome.status == 0, "child failed: \(outcome.standardError.suffix(2000))")
            let line = outcome.standardOutput.split(separator: "\n").first { $0.hasPrefix("maxrss_kb=") }
            peaks[count] = try XCTUnwrap(line.flatMap { Int($0.dropFirst("maxrss_kb=".count)) }, outcome.standardOutput)
        }
        let small = peaks[400] ?? 0, large = peaks[3000] ?? 0
        print("ImageFolder streaming peak RSS: 400 images \(small / 1024) MiB, 3000 images \(large / 1024) MiB")
        // Holding the 2,600 extra images as Float would take 2600 × 64 × 64 × 3 × 4 bytes = 122 MiB.
        XCTAssertLessThan(large - small, 24 * 1024, "peak RSS grew from \(small) kB to \(large) kB")
    }

    /// One epoch of a small classifier over the folder, then the peak RSS on standard output.
    private func trainOneEpoch(on folder: String) throws {
        let images = try ImageFolder(directory: folder, imageSize: (height: 64, width: 64), batchSize: 32, seed: 5)
        let model = Sequential([InputLayer(shape: [64, 64, 3]), Flatten(), Dense(2, activation: .softmax)])
        model.compile(optimizer: Adam(learningRate: 0.001), loss: .sparseCategoricalCrossentropy)
        let history = try model.fit(images.dataset.map { batch in ([batch.x[0] * (1 / 255)], batch.y) }, epochs: 1, verbose: 0)
        XCTAssertEqual(history.history["loss"]?.count, 1)
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        print("maxrss_kb=\(usage.ru_maxrss)")
    }

    /// `count` 64 × 64 RGB PNGs of noise, half in each of two classes.
    private func writeImages(_ count: Int, into folder: String) throws {
        var state: UInt32 = 12345
        for name in ["a", "b"] { try FileManager.default.createDirectory(atPath: folder + "/" + name, withIntermediateDirectories: true) }
        for i in 0..<count {
            let pixels = (0..<(64 * 64 * 3)).map { _ -> UInt8 in
                state = state &* 1_664_525 &+ 1_013_904_223
                return UInt8(truncatingIfNeeded: state >> 24)
            }
            let bytes = try PNG.encode(pixels: pixels, width: 64, height: 64, channels: 3)
            try Data(bytes).write(to: URL(fileURLWithPath: "\(folder)/\(i % 2 == 0 ? "a" : "b")/\(i).png"))
        }
    }
}
