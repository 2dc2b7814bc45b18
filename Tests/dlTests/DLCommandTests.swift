import Foundation
import FoundationXML
import XCTest

/// Runs the built `dl` binary (beside the test bundle) as a child process: bad settings are
/// rejected with an error naming the option, and a negative `--seed` is accepted. Nothing trains
/// for long: the one run that trains reads a tiny MNIST-layout folder (3 + 2 images).
final class DLCommandTests: XCTestCase {
    /// Runs `dl arguments...`, killing it after `timeout` seconds.
    func dl(_ arguments: [String], timeout: TimeInterval = 60) throws -> ChildResult {
        try ChildProcess.run(try ChildProcess.dlBinary(), arguments, timeout: timeout)
    }

    /// Asserts that `dl train mlp <arguments>` exits with the usage status (64) and an error
    /// containing `message`. Validation runs before any data is loaded.
    private func assertRejected(_ arguments: [String], _ message: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try dl(["train", "mlp", "--data-dir", "/nonexistent"] + arguments)
        XCTAssertEqual(result.status, 64, "stderr: \(result.error)", file: file, line: line)
        XCTAssertTrue(result.error.contains("Error: " + message), "stderr '\(result.error)' lacks '\(message)'", file: file, line: line)
    }

    /// `dl summary` prints each zoo model with Keras's parameter counts.
    func testSummaryOfEachZooModel() throws {
        for (model, total) in [("lenet5", "61,706"), ("mlp", "235,146"), ("vgg", "467,818"), ("resnet", "43,658")] {
            let result = try dl(["summary", model])
            XCTAssertEqual(result.status, 0, "\(model): \(result.error)")
            XCTAssertTrue(result.output.contains("Total params: \(total)"), "\(model): \(result.output)")
        }
    }

    func testEpochsMustBePositive() throws {
        try assertRejected(["--epochs", "0"], "--epochs must be a positive integer. Received: 0")
        try assertRejected(["--epochs", "-3"], "--epochs must be a positive integer. Received: -3")
        try assertRejected(["--epochs", "nan"], "The value 'nan' is invalid for '--epochs <epochs>'")
    }

    func testNegativeOrNaNSettingsNameTheOption() throws {
        try assertRejected(["--batch-size", "-1"], "--batch-size must be a positive integer. Received: -1")
        try assertRejected(["--learning-rate", "nan"], "--learning-rate must be a positive number. Received: nan")
        try assertRejected(["--learning-rate", "-0.1"], "--learning-rate must be a positive number. Received: -0.1")
        try assertRejected(["--validation-split", "nan"], "--validation-split must be in [0, 1). Received: nan")
        try assertRejected(["--validation-split", "-0.5"], "--validation-split must be in [0, 1). Received: -0.5")
    }

    func testUnknownVerboseIsRejected() throws {
        try assertRejected(["--verbose", "3"], "--verbose must be 0, 1 or 2. Received: 3")
        try assertRejected(["--verbose", "-1"], "--verbose must be 0, 1 or 2. Received: -1")
        try assertRejected(["--verbose", "auto"], "The value 'auto' is invalid for '--verbose <verbose>'")
    }

    func testSeedThatIsNotAnIntegerIsRejected() throws {
        try assertRejected(["--seed", "1.5"], "The value '1.5' is invalid for '--seed <seed>'")
    }

    /// `--seed -1` parses (the error is the missing data set, reached after validation), and it is
    /// the same seed as 2^64 - 1: the same tiny run gives the same test loss (and seed 42 another).
    func testNegativeSeedIsItsBitPattern() throws {
        let missing = try dl(["train", "mlp", "--data-dir", "/nonexistent", "--seed", "-1"])
        XCTAssertEqual(missing.status, 1, missing.error)
        XCTAssertTrue(missing.error.contains("not found"), missing.error)

        let folder = try tinyMNIST()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = { (seed: String) in
            try self.dl(["train", "mlp", "--dataset", "mnist", "--data-dir", folder, "--epochs", "1", "--verbose", "0", "--seed", seed])
        }
        let negative = try run("-1"), unsigned = try run("18446744073709551615"), other = try run("42")
        XCTAssertEqual(negative.status, 0, negative.error)
        XCTAssertTrue(negative.output.contains("Test loss: "), negative.output)
        XCTAssertEqual(negative.output.split(separator: "\n").filter { $0.hasPrefix("Test") },
                       unsigned.output.split(separator: "\n").filter { $0.hasPrefix("Test") })
        XCTAssertNotEqual(negative.output.split(separator: "\n").filter { $0.hasPrefix("Test loss") },
                          other.output.split(separator: "\n").filter { $0.hasPrefix("Test loss") })   // the seed is used
    }

    /// `dl train --plot FILE` writes the curves of the epochs trained: a loss and an accuracy panel,
    /// training and validation lines of one point per epoch; a name not ending in .svg is refused.
    func testTrainWritesTheTrainingCurves() throws {
        try assertRejected(["--plot", "curves.png"], "--plot must end in .svg. Received: curves.png")
        let folder = try tinyMNIST()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/curves.svg"
        let train = try dl(["train", "mlp", "--dataset", "mnist", "--data-dir", folder, "--epochs", "2", "--verbose", "0",
                            "--validation-split", "0.34", "--plot", path])
        XCTAssertEqual(train.status, 0, train.error)
        XCTAssertTrue(train.output.contains("Training curves written to \(path)"), train.output)
        let document = try XMLDocument(contentsOf: URL(fileURLWithPath: path), options: [])
        var panels: [String] = [], legends: [String] = [], lines: [Int] = []
        func visit(_ element: XMLElement) {
            let attribute = { (name: String) in element.attributes?.first { $0.name == name }?.stringValue ?? "" }
            if element.name == "g" && attribute("class") == "panel" { panels.append(attribute("data-metric")) }
            if element.name == "text" && attribute("class") == "legend-entry" { legends.append(element.stringValue ?? "") }
            if element.name == "polyline" { lines.append(attribute("points").split(separator: " ").count) }
            for child in element.children ?? [] { if let child = child as? XMLElement { visit(child) } }
        }
        visit(try XCTUnwrap(document.rootElement()))
        XCTAssertEqual(panels, ["loss", "accuracy"])
        XCTAssertEqual(legends, ["Training loss", "Validation loss", "Training accuracy", "Validation accuracy"])
        XCTAssertEqual(lines, [2, 2, 2, 2])
    }

    /// `dl train --save`, then `dl summary FILE`, `dl predict FILE --images IDX --top 2`, and `dl convert`
    /// to each other format: the predictions of every converted file are the saved model's.
    func testSaveSummaryPredictAndConvert() throws {
        let folder = try tinyMNIST()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let saved = folder + "/lenet5.keras"
        let train = try dl(["train", "lenet5", "--dataset", "mnist", "--data-dir", folder, "--epochs", "1",
                            "--verbose", "0", "--save", saved])
        XCTAssertEqual(train.status, 0, train.error)
        XCTAssertTrue(train.output.contains("Saved to \(saved)"), train.output)

        let summary = try dl(["summary", saved])
        XCTAssertEqual(summary.status, 0, summary.error)
        XCTAssertTrue(summary.output.contains("Total params: 61,706"), summary.output)

        let images = folder + "/t10k-images-idx3-ubyte"
        let predict = { (file: String) in try self.dl(["predict", file, "--images", images, "--top", "2"]) }
        let original = try predict(saved)
        XCTAssertEqual(original.status, 0, original.error)
        let lines = original.output.split(separator: "\n")
        XCTAssertEqual(lines.count, 2, original.output)
        XCTAssertTrue(lines.allSatisfy { $0.split(separator: "(").count == 3 }, "two classes per image: \(original.output)")

        for converted in ["lenet5.h5", "lenet5-copy.keras"] {
            let convert = try dl(["convert", saved, folder + "/" + converted])
            XCTAssertEqual(convert.status, 0, convert.error)
            XCTAssertEqual(try predict(folder + "/" + converted).output, original.output, converted)
        }
        let weights = try dl(["convert", saved, folder + "/lenet5.weights.h5"])
        XCTAssertEqual(weights.status, 0, weights.error)
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/lenet5.weights.h5"))
    }

    /// Files that are not models, and images that do not fit, are errors naming the file.
    func testBadFilesAndImagesAreClearErrors() throws {
        let folder = try tinyMNIST()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let notModel = try dl(["summary", folder + "/train-labels-idx1-ubyte"])
        XCTAssertEqual(notModel.status, 1)
        XCTAssertTrue(notModel.error.contains("not a saved model"), notModel.error)
        let missing = try dl(["summary", folder + "/absent.keras"])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.error.contains("absent.keras"), missing.error)
        let badOutput = try dl(["convert", folder + "/m.keras", folder + "/m.bin"])
        XCTAssertEqual(badOutput.status, 64)
        XCTAssertTrue(badOutput.error.contains("OUT must end in .keras, .h5 or .weights.h5"), badOutput.error)
        let model = folder + "/mlp.keras"
        XCTAssertEqual(try dl(["train", "mlp", "--dataset", "mnist", "--data-dir", folder, "--epochs", "1",
                               "--verbose", "0", "--save", model]).status, 0)
        let wrongImages = try dl(["predict", model, "--images", folder + "/train-labels-idx1-ubyte"])
        XCTAssertEqual(wrongImages.status, 1)
        XCTAssertTrue(wrongImages.error.contains("do not fit the model"), wrongImages.error)
    }

    /// Writes MNIST's four IDX files (3 training and 2 test images of 28×28) into a new folder.
    func tinyMNIST() throws -> String {
        let folder = NSTemporaryDirectory() + "swiftdl-tiny-mnist-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        func idx(_ shape: [Int], _ data: [UInt8]) -> Data {
            var bytes: [UInt8] = [0, 0, 0x08, UInt8(shape.count)]
            for size in shape { bytes += withUnsafeBytes(of: UInt32(size).bigEndian) { Array($0) } }
            return Data(bytes + data)
        }
        let pixels = { (count: Int) in (0..<(count * 784)).map { UInt8(truncatingIfNeeded: $0 &* 37) } }
        try idx([3, 28, 28], pixels(3)).write(to: URL(fileURLWithPath: folder + "/train-images-idx3-ubyte"))
        try idx([3], [1, 7, 3]).write(to: URL(fileURLWithPath: folder + "/train-labels-idx1-ubyte"))
        try idx([2, 28, 28], pixels(2)).write(to: URL(fileURLWithPath: folder + "/t10k-images-idx3-ubyte"))
        try idx([2], [7, 1]).write(to: URL(fileURLWithPath: folder + "/t10k-labels-idx1-ubyte"))
        return folder
    }
}
