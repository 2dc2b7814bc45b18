import DLData
import DL
import DLTestSupport
import Foundation
import XCTest

/// `ImageFolder` against Keras's `image_dataset_from_directory`, and its refusals.
final class ImageFolderTests: XCTestCase {
    func testBatchesMatchKerasImageDatasetFromDirectory() throws {
        // Tests/Fixtures/Images/folder: a_class (RGBA, 16×16 RGB), b_class (RGB, gray), resized to 5 × 3.
        for (mode, name) in [(ColorMode.rgb, "rgb"), (.grayscale, "grayscale")] {
            let images = try ImageFolder(directory: ImageFixtures.path("folder"), imageSize: (height: 5, width: 3),
                                         colorMode: mode, batchSize: 8, shuffle: false)
            XCTAssertEqual(images.classNames, ["a_class", "b_class"])
            XCTAssertEqual(images.count, 4)
            let batches = Array(images.dataset)
            XCTAssertEqual(batches.count, 1)
            assertTensorsClose(batches[0].x[0], try ImageFixtures.reference("folder:\(name):x"), accuracy: 1e-3, name)
            XCTAssertEqual(batches[0].y[0].scalars, try ImageFixtures.reference("folder:\(name):y").scalars)
        }
    }

    func testBatchesStreamInTheRequestedSizeAndShuffleEachPass() throws {
        let folder = try makeFolder(classes: ["x": 7, "y": 6])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let images = try ImageFolder(directory: folder, imageSize: (height: 4, width: 3), colorMode: .rgb, batchSize: 5, seed: 3)
        XCTAssertEqual(images.count, 13)
        let batches = Array(images.dataset)
        XCTAssertEqual(batches.map { $0.x[0].shape }, [[5, 4, 3, 3], [5, 4, 3, 3], [3, 4, 3, 3]])
        XCTAssertEqual(batches.flatMap { $0.y[0].scalars }.sorted(), Array(repeating: 0, count: 7) + Array(repeating: 1, count: 6))
        XCTAssertTrue(images.dataset.isShuffled)
    }

    func testBadArgumentsAndFoldersThrowClearErrors() throws {
        let folder = try makeFolder(classes: ["a": 3, "b": 2])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let size = (height: 4, width: 4)
        assertInvalidArgument(try ImageFolder(directory: folder, imageSize: size, seed: 1, validationSplit: 0.2), "subset")
        assertInvalidArgument(try ImageFolder(directory: folder, imageSize: size, seed: 1, subset: .training), "validationSplit")
        assertInvalidArgument(try ImageFolder(directory: folder, imageSize: size, validationSplit: 0.2, subset: .training), "seed")
        assertInvalidArgument(try ImageFolder(directory: folder, imageSize: size, seed: 1, validationSplit: 1.5, subset: .training), "1.5")
        assertInvalidArgument(try ImageFolder(directory: folder, imageSize: (height: 0, width: 4)), "imageSize")
        assertInvalidArgument(try ImageFolder(directory: folder, imageSize: size, seed: 1, validationSplit: 0.1, subset: .validation),
                              "empty validation subset")
        try FileManager.default.createDirectory(atPath: folder + "/c", withIntermediateDirectories: true)
        assertInvalidArgument(try ImageFolder(directory: folder, imageSize: size), folder + "/c")
        let flat = try ImageFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: flat) }
        try ImageFixtures.writePNG(flat + "/lonely.png")
        assertInvalidArgument(try ImageFolder(directory: flat, imageSize: size), "no class sub-folder")
        XCTAssertThrowsError(try ImageFolder(directory: flat + "/missing", imageSize: size)) { error in
            guard case .fileAccess? = error as? DLError else { return XCTFail("\(error)") }
        }
    }

    func testUnreadableFilesAreSkippedWithTheirNameOrRaise() throws {
        let folder = try makeFolder(classes: ["a": 3, "b": 3])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let png = try Data(contentsOf: URL(fileURLWithPath: ImageFixtures.path("rgb8.png")))
        let truncated = folder + "/a/truncated.png", notImage = folder + "/b/notes.jpg"
        try png.prefix(png.count / 2).write(to: URL(fileURLWithPath: truncated))
        try Data("hello".utf8).write(to: URL(fileURLWithPath: notImage))
        XCTAssertThrowsError(try ImageFolder(directory: folder, imageSize: (height: 2, width: 2), shuffle: false)) { error in
            guard case .invalidFile(let path, _)? = error as? DLError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, truncated)
        }
        let images = try ImageFolder(directory: folder, imageSize: (height: 2, width: 2), shuffle: false, skipUnreadable: true)
        XCTAssertEqual(images.count, 6)
        XCTAssertFalse(images.filePaths.contains(truncated) || images.filePaths.contains(notImage))
        XCTAssertEqual(Array(images.dataset).count, 1)
    }

    func testAStreamingFolderTrainsAModel() throws {
        let folder = try makeFolder(classes: ["dark": 40, "light": 40], size: 8)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let images = try ImageFolder(directory: folder, imageSize: (height: 8, width: 8), colorMode: .grayscale, batchSize: 16, seed: 1)
        let model = Sequential([InputLayer(shape: [8, 8, 1]), Flatten(), Dense(2, activation: .softmax)])
        model.compile(optimizer: Adam(learningRate: 0.05), loss: .sparseCategoricalCrossentropy)
        let scaled = images.dataset.map { batch in ([batch.x[0] * (1 / 255)], batch.y) }
        let history = try model.fit(scaled, epochs: 8, verbose: 0)
        let losses = try XCTUnwrap(history.history["loss"])
        XCTAssertLessThan(losses.last!, losses.first! * 0.5, "\(losses)")
    }

    /// A folder with `classes[name]` PNGs per class: class `k` images are dark or light noise so that
    /// a model can tell them apart.
    func makeFolder(classes: [String: Int], size: Int = 3) throws -> String {
        let folder = try ImageFixtures.temporaryFolder()
        for (k, (name, count)) in classes.sorted(by: { $0.key < $1.key }).enumerated() {
            try FileManager.default.createDirectory(atPath: folder + "/" + name, withIntermediateDirectories: true)
            for i in 0..<count {
                let pixels = (0..<(size * size)).map { UInt8(truncatingIfNeeded: (k == 0 ? 20 : 180) + ($0 &* 7 &+ i * 13) % 60) }
                let bytes = try PNG.encode(pixels: pixels, width: size, height: size, channels: 1)
                try Data(bytes).write(to: URL(fileURLWithPath: folder + "/\(name)/\(i).png"))
            }
        }
        return folder
    }

    private func assertInvalidArgument(_ body: @autoclosure () throws -> ImageFolder, _ fragment: String, line: UInt = #line) {
        XCTAssertThrowsError(try body(), line: line) { error in
            guard case .invalidArgument? = error as? DLError else { return XCTFail("\(error)", line: line) }
            XCTAssertTrue("\(error)".contains(fragment), "\(error) lacks '\(fragment)'", line: line)
        }
    }
}
