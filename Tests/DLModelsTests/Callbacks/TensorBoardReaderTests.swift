import DL
import DLModels
import Foundation
import XCTest

/// Our event files read by TensorBoard's own reader (the server's `plugin_event_accumulator`, with
/// its CRC checks and data-class migrations), through a Python where the `tensorboard` package imports: the one named
/// by `SWIFTDL_TENSORBOARD_PYTHON`, else the repository's `Benchmarks/.venv/bin/python`
/// (`make bench-peers` installs tensorboard there). Skipped when neither has it.
final class TensorBoardReaderTests: XCTestCase {
    private static let script = #"""
    import io, json, sys
    if sys.argv[2] == "stub":
        sys.modules["tensorflow"] = None  # TensorBoard's own pure-Python record reader instead of TensorFlow's
    from tensorboard.backend.event_processing import plugin_event_accumulator as ea
    from tensorboard.util import tensor_util
    try:
        from PIL import Image
    except ImportError:
        Image = None
    result = {}
    for run in ("train", "validation"):
        accumulator = ea.EventAccumulator(sys.argv[1] + "/" + run, size_guidance={ea.TENSORS: 0})
        accumulator.Reload()
        tags = {}
        for tag in accumulator.Tags()["tensors"]:
            metadata = accumulator.SummaryMetadata(tag)
            entry = {"plugin": metadata.plugin_data.plugin_name, "data_class": int(metadata.data_class), "steps": [], "values": []}
            for event in accumulator.Tensors(tag):
                array = tensor_util.make_ndarray(event.tensor_proto)
                entry["steps"].append(event.step)
                if entry["plugin"] == "scalars":
                    entry["values"].append(float(array))
                elif entry["plugin"] == "images":
                    sizes = [Image.open(io.BytesIO(png)).size for png in array[2:]] if Image else []
                    entry["values"].append([int(array[0]), int(array[1]), len(array) - 2, [list(s) for s in sizes]])
                elif entry["plugin"] == "histograms":
                    entry["values"].append([list(array.shape), float(array[:, 2].sum())])
                else:
                    entry["values"].append(len(array.reshape(-1)[0]))
            tags[tag] = entry
        result[run] = tags
        result[run + "_writer"] = accumulator.GetSourceWriter()
    print(json.dumps(result))
    """#

    /// A Python that imports `tensorboard`, or nil.
    private func python() -> String? {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let candidates: [String?] = [ProcessInfo.processInfo.environment["SWIFTDL_TENSORBOARD_PYTHON"],
                          repository.appendingPathComponent("Benchmarks/.venv/bin/python").path]
        return candidates.compactMap { $0 }.first { path in
            FileManager.default.isExecutableFile(atPath: path) && (try? run(path, ["-c", "import tensorboard"]).status) == 0
        }
    }

    private func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["TF_CPP_MIN_LOG_LEVEL"] = "3"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func testTensorBoardReadsOurRuns() throws {
        guard let python = python() else {
            throw XCTSkip("TensorBoard's reader is not available: set SWIFTDL_TENSORBOARD_PYTHON to a Python with the "
                          + "`tensorboard` package, or run `make bench-peers` (installs it into Benchmarks/.venv)")
        }
        let logDir = NSTemporaryDirectory() + "tensorboard-reader-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: logDir) }
        let model = Sequential([Conv2D(2, kernelSize: 3, inputShape: [5, 5, 1], name: "conv2d"), Flatten(),
                                Dense(3, activation: .softmax, name: "dense")], name: "sequential")
        model.compile(optimizer: SGD(), loss: .sparseCategoricalCrossentropy, metrics: [.accuracy])
        let x = Tensor(shape: [8, 5, 5, 1], scalars: (0..<200).map { Float(($0 * 37) % 101) / 101 })
        let y = Tensor([0, 1, 2, 0, 1, 2, 0, 1])
        let tensorBoard = TensorBoard(logDir: logDir, histogramFreq: 1, writeImages: true, updateFreq: .batch)
        let history = try model.fit(x: x, y: y, batchSize: 4, epochs: 2, verbose: 0, callbacks: [tensorBoard],
                                    validationData: (x, y))
        try tensorBoard.logImages("reconstructions", Tensor(shape: [2, 4, 3, 3], scalars: (0..<72).map { Float($0) / 71 }), step: 2)

        // Read with TensorFlow's record reader where TensorFlow imports, and with TensorBoard's own.
        let (status, output) = try run(python, ["-c", Self.script, logDir, "tensorflow"])
        XCTAssertEqual(status, 0, output)
        let (stubStatus, stubOutput) = try run(python, ["-c", Self.script, logDir, "stub"])
        XCTAssertEqual(stubStatus, 0, stubOutput)
        XCTAssertEqual(stubOutput, output)
        let runs = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        XCTAssertEqual(runs["train_writer"] as? String, "swiftdl")
        let train = try XCTUnwrap(runs["train"] as? [String: [String: Any]])
        let validation = try XCTUnwrap(runs["validation"] as? [String: [String: Any]])
        func steps(_ entry: [String: Any]?) -> [Int] { entry?["steps"] as? [Int] ?? [] }
        func floats(_ entry: [String: Any]?) -> [Float] { (entry?["values"] as? [Double] ?? []).map { Float($0) } }

        XCTAssertEqual(train["epoch_loss"]?["plugin"] as? String, "scalars")
        XCTAssertEqual(train["epoch_loss"]?["data_class"] as? Int, 1)  // DATA_CLASS_SCALAR
        XCTAssertEqual(steps(train["epoch_loss"]), [0, 1])
        XCTAssertEqual(floats(train["epoch_loss"]), history.history["loss"])
        XCTAssertEqual(floats(train["epoch_accuracy"]), history.history["accuracy"])
        XCTAssertEqual(floats(validation["epoch_loss"]), history.history["val_loss"])
        XCTAssertEqual(floats(train["epoch_learning_rate"]), [0.01, 0.01])
        XCTAssertEqual(steps(train["batch_loss"]), [1, 2, 3, 4])
        XCTAssertEqual(steps(validation["evaluation_loss_vs_iterations"]), [2, 4])
        XCTAssertEqual(train["keras"]?["plugin"] as? String, "graph_keras_model")
        XCTAssertEqual(train["keras"]?["values"] as? [Int], [model.toJSON().utf8.count])

        let histogram = train["sequential/dense/kernel/histogram"]
        XCTAssertEqual(histogram?["data_class"] as? Int, 2)  // DATA_CLASS_TENSOR
        XCTAssertEqual(steps(histogram), [0, 1])
        let histogramValue = (histogram?["values"] as? [[Any]])?.first
        XCTAssertEqual(histogramValue?.first as? [Int], [30, 3])
        XCTAssertEqual(histogramValue?.last as? Double, 54)  // 18 × 3 weights

        let image = train["sequential/conv2d/kernel/image"]
        XCTAssertEqual(image?["data_class"] as? Int, 3)  // DATA_CLASS_BLOB_SEQUENCE
        let kernelImage = (image?["values"] as? [[Any]])?.first
        XCTAssertEqual(kernelImage?.prefix(3).compactMap { $0 as? Int }, [3, 3, 2])
        let reconstructions = (train["reconstructions"]?["values"] as? [[Any]])?.first
        XCTAssertEqual(reconstructions?.prefix(3).compactMap { $0 as? Int }, [3, 4, 2])
        if let sizes = reconstructions?.last as? [[Int]], !sizes.isEmpty {
            XCTAssertEqual(sizes, [[3, 4], [3, 4]])  // Pillow decoded our PNGs (width, height)
        }
    }
}
