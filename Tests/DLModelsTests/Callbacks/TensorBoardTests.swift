import DL
import DLModels
import DLTestSupport
import Foundation
import XCTest

final class TensorBoardTests: XCTestCase {
    private var logDir = ""

    override func setUp() { logDir = NSTemporaryDirectory() + "tensorboard-\(UUID().uuidString)" }
    override func tearDown() { try? FileManager.default.removeItem(atPath: logDir) }

    /// keras_fit.json's model and data: Conv2D(2, 3) – Flatten – Dense(3, softmax) on 8 samples of
    /// 5 × 5 × 1, batches of 4, validation on the first 6.
    private func fitLikeKerasFixture(_ callback: TensorBoard, epochs: Int = 2) throws -> (Model, History) {
        // Named as in a fresh Keras session (the names' counters are per process).
        let model = Sequential([Conv2D(2, kernelSize: 3, inputShape: [5, 5, 1], name: "conv2d"), Flatten(),
                                Dense(3, activation: .softmax, name: "dense")], name: "sequential")
        model.compile(optimizer: SGD(), loss: .sparseCategoricalCrossentropy, metrics: [.accuracy])
        let x = Tensor(shape: [8, 5, 5, 1], scalars: (0..<200).map { Float(($0 * 37) % 101) / 101 })
        let y = Tensor([0, 1, 2, 0, 1, 2, 0, 1])
        let history = try model.fit(x: x, y: y, batchSize: 4, epochs: epochs, verbose: 0, callbacks: [callback],
                                    validationData: (x.slice(axis: 0, 0..<6), y.slice(axis: 0, 0..<6)))
        return (model, history)
    }

    /// The events of the one file in `logDir/run`.
    private func events(_ run: String) throws -> [EventFileDecoder.Event] {
        let folder = logDir + "/" + run
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        XCTAssertEqual(names.count, 1, "\(run): \(names)")
        return try EventFileDecoder.events(atPath: folder + "/" + (names.first ?? ""))
    }

    /// The summary events of `run` as (tag, step, value).
    private func values(_ run: String) throws -> [(tag: String, step: Int64, value: EventFileDecoder.Value)] {
        let all = try events(run)
        XCTAssertEqual(all.first?.fileVersion, "brain.Event:2")
        return all.dropFirst().flatMap { event in event.values.map { (tag: $0.tag, step: event.step, value: $0) } }
    }

    private func scalar(_ run: String, _ tag: String) throws -> [Int64: Float] {
        Dictionary(uniqueKeysWithValues: try values(run).filter { $0.tag == tag }.map { ($0.step, $0.value.float ?? .nan) })
    }

    func testTagsStepsAndPluginsAsKeras() throws {
        let fixture = try XCTUnwrap(TensorBoardFixtures.json("keras_fit.json") as? [String: Any])
        let runs = try XCTUnwrap(fixture["runs"] as? [String: [[String: Any]]])
        _ = try fitLikeKerasFixture(TensorBoard(logDir: logDir, histogramFreq: 1, writeImages: true,
                                                writeStepsPerSecond: true, updateFreq: .batches(2)))
        for run in ["train", "validation"] {
            let expected = try XCTUnwrap(runs[run]).map { entry in
                "\(entry["tag"] ?? "") @\(entry["step"] ?? "") \(entry["plugin"] ?? "")"
                    + (entry["width"].map { " \($0)×\(entry["height"] ?? "")×\(entry["count"] ?? "")" } ?? "")
            }
            let ours = try values(run).map { entry in
                "\(entry.tag) @\(entry.step) \(entry.value.pluginName)"
                    + (entry.value.pluginName == "images"
                       ? " \(String(decoding: entry.value.strings[0], as: UTF8.self))×\(String(decoding: entry.value.strings[1], as: UTF8.self))×\(entry.value.strings.count - 2)"
                       : "")
            }
            XCTAssertEqual(ours, expected, run)
        }
    }

    func testScalarsHoldTheLogs() throws {
        let (model, history) = try fitLikeKerasFixture(TensorBoard(logDir: logDir, updateFreq: .batch))
        let logs = history.history
        for (key, tag) in [("loss", "loss"), ("accuracy", "accuracy")] {
            XCTAssertEqual(try scalar("train", "epoch_" + tag), [0: logs[key]?[0] ?? .nan, 1: logs[key]?[1] ?? .nan])
            XCTAssertEqual(try scalar("validation", "epoch_" + tag), [0: logs["val_" + key]?[0] ?? .nan, 1: logs["val_" + key]?[1] ?? .nan])
            // Validation against the optimizer's iterations: 2 batches an epoch.
            XCTAssertEqual(try scalar("validation", "evaluation_\(tag)_vs_iterations"),
                           [2: logs["val_" + key]?[0] ?? .nan, 4: logs["val_" + key]?[1] ?? .nan])
            // Every batch, counted from 1 across epochs; the last batch's running mean is the epoch's.
            let batches = try scalar("train", "batch_" + tag)
            XCTAssertEqual(batches.keys.sorted(), [1, 2, 3, 4])
            XCTAssertEqual(batches[2], logs[key]?[0])
            XCTAssertEqual(batches[4], logs[key]?[1])
        }
        XCTAssertEqual(try scalar("train", "epoch_learning_rate"), [0: 0.01, 1: 0.01])
        XCTAssertEqual(model.optimizer?.iterations, 4)
    }

    func testKerasDefaultsWriteEpochScalarsAndTheGraph() throws {
        let tensorBoard = TensorBoard(logDir: logDir)
        XCTAssertEqual(tensorBoard.updateFreq, .epoch)
        XCTAssertEqual([tensorBoard.histogramFreq], [0])
        XCTAssertEqual([tensorBoard.writeGraph, tensorBoard.writeImages, tensorBoard.writeStepsPerSecond], [true, false, false])
        XCTAssertEqual(TensorBoard().logDir, "logs")
        let (model, _) = try fitLikeKerasFixture(tensorBoard)
        let train = try values("train")
        XCTAssertEqual(Set(train.map(\.tag)), ["keras", "epoch_loss", "epoch_accuracy", "epoch_learning_rate"])
        let graph = try XCTUnwrap(train.first)
        XCTAssertEqual([graph.tag, graph.value.pluginName], ["keras", "graph_keras_model"])
        XCTAssertEqual(graph.value.pluginContent, Array("1".utf8))
        XCTAssertEqual(graph.value.strings, [Array(model.toJSON().utf8)])
        XCTAssertEqual(Set(try values("validation").map(\.tag)),
                       ["epoch_loss", "epoch_accuracy", "evaluation_loss_vs_iterations", "evaluation_accuracy_vs_iterations"])
        XCTAssertTrue(tensorBoard.eventFiles.isEmpty, "closed at the end of training")
    }

    func testWeightsHistogramsAndImagesOfTheLastEpoch() throws {
        let (model, _) = try fitLikeKerasFixture(TensorBoard(logDir: logDir, histogramFreq: 2, writeImages: true))
        let written = try values("train").filter { $0.value.pluginName != "scalars" && $0.tag != "keras" }
        // histogramFreq 2: epoch 0 only.
        XCTAssertEqual(Set(written.map(\.step)), [0])
        // Epoch 0's weights are gone; a second fit (new files) logs the final ones, compared here.
        try FileManager.default.removeItem(atPath: logDir)
        let tensorBoard = TensorBoard(logDir: logDir, histogramFreq: 1, writeImages: true)
        try model.fit(x: Tensor(shape: [4, 5, 5, 1], scalars: Array(repeating: 0.5, count: 100)), y: Tensor([0, 1, 2, 0]),
                      batchSize: 4, epochs: 1, verbose: 0, callbacks: [tensorBoard])
        let final = try values("train")
        let kernel = try XCTUnwrap(model.layers.first { $0.name == "dense" }?.weights.first)
        let histogram = try XCTUnwrap(final.first { $0.tag == "sequential/dense/kernel/histogram" }?.value)
        XCTAssertEqual(histogram.shape, [30, 3])
        XCTAssertEqual(histogram.doubles, HistogramBuckets.compute(kernel.value.scalars).flatMap { [$0.left, $0.right, $0.count] })
        let image = try XCTUnwrap(final.first { $0.tag == "sequential/dense/kernel/image" }?.value)
        let png = try PNG.decode(image.strings[2], channels: 1)
        XCTAssertEqual([png.width, png.height], [18, 3])
        XCTAssertEqual(png.pixels, try XCTUnwrap(WeightImage.images(of: kernel.value)).scalars.map(SummaryValue.pixelByte))
    }

    func testFilesAreFlushedAtEachEpochEnd() throws {
        let tensorBoard = TensorBoard(logDir: logDir)
        var seen: [[String]] = []
        let reader = LambdaCallback(onEpochEnd: { epoch, _ in
            let tags = (try? self.values("train").filter { $0.step == Int64(epoch) }.map(\.tag)) ?? []
            seen.append(tags.filter { $0.hasPrefix("epoch_") }.sorted())
        })
        let model = Sequential([Dense(1, inputShape: [2])])
        model.compile(optimizer: SGD(), loss: .meanSquaredError)
        try model.fit(x: Tensor(shape: [4, 2], scalars: [1, 2, 3, 4, 5, 6, 7, 8]), y: Tensor(shape: [4, 1], scalars: [1, 2, 3, 4]),
                      epochs: 2, verbose: 0, callbacks: [tensorBoard, reader])
        XCTAssertEqual(seen, [["epoch_learning_rate", "epoch_loss"], ["epoch_learning_rate", "epoch_loss"]])
        XCTAssertFalse(FileManager.default.fileExists(atPath: logDir + "/validation"))
    }

    func testLogImagesAndScalarsAfterFit() throws {
        let tensorBoard = TensorBoard(logDir: logDir)
        _ = try fitLikeKerasFixture(tensorBoard, epochs: 1)
        let images = Tensor(shape: [5, 2, 3, 1], scalars: (0..<30).map { Float($0) / 29 })
        try tensorBoard.logImages("reconstructions", images, step: 4, run: .validation)
        try tensorBoard.logScalar("test_accuracy", 0.75, step: 1)
        XCTAssertEqual(tensorBoard.eventFiles.count, 2)
        let validationFiles = try FileManager.default.contentsOfDirectory(atPath: logDir + "/validation")
        XCTAssertEqual(validationFiles.count, 2, "a new file after training closed the first")
        let written = try XCTUnwrap(EventFileDecoder.events(atPath: try XCTUnwrap(tensorBoard.eventFiles[.validation])).last?.values.first)
        XCTAssertEqual(written.tag, "reconstructions")
        XCTAssertEqual(written.pluginName, "images")
        XCTAssertEqual(written.strings.count, 2 + 3)  // maxOutputs 3
        XCTAssertEqual(try PNG.decode(written.strings[3], channels: 1).pixels, (6..<12).map { SummaryValue.pixelByte(Float($0) / 29) })
        let scalar = try XCTUnwrap(EventFileDecoder.events(atPath: try XCTUnwrap(tensorBoard.eventFiles[.train])).last)
        XCTAssertEqual([scalar.step], [1])
        XCTAssertEqual(scalar.values.first?.float, 0.75)
    }

    func testBadLogDirIsNamed() throws {
        try FileManager.default.createDirectory(atPath: logDir, withIntermediateDirectories: true)
        let blocked = logDir + "/file"
        _ = FileManager.default.createFile(atPath: blocked, contents: Data("x".utf8))
        XCTAssertThrowsError(try fitLikeKerasFixture(TensorBoard(logDir: blocked + "/logs"))) { error in
            XCTAssertEqual(error as? DLError, .fileAccess(
                path: blocked + "/logs", reason: "TensorBoard cannot create its log folder (logDir). Received: logDir=\"\(blocked)/logs\""))
        }
    }

    func testInvalidArguments() {
        XCTAssertThrowsError(try fitLikeKerasFixture(TensorBoard(logDir: logDir, updateFreq: .batches(0)))) { error in
            XCTAssertEqual("\(error)", "TensorBoard: updateFreq must be .epoch, .batch or .batches(n) with n >= 1. Received: updateFreq=.batches(0)")
        }
        XCTAssertThrowsError(try fitLikeKerasFixture(TensorBoard(logDir: logDir, histogramFreq: -1))) { error in
            XCTAssertEqual("\(error)", "TensorBoard: histogramFreq must be >= 0. Received: histogramFreq=-1")
        }
        XCTAssertThrowsError(try TensorBoard(logDir: logDir).logImages("x", Tensor(shape: [2, 2], scalars: [0, 0, 0, 0]), step: 0))
    }
}
