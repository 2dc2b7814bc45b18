import DL
import Foundation
import XCTest

/// `fit`'s options and its callbacks, end to end on small data.
final class FitTests: XCTestCase {
    private let x = Tensor(shape: [10, 2], scalars: (0..<20).map { Float($0) / 10 })
    private let y = Tensor(shape: [10, 1], scalars: (0..<10).map { Float($0) / 5 })

    private func frozenModel() -> Sequential {
        let model = Sequential([Dense(1, inputShape: [2])])
        model.compile(optimizer: SGD(learningRate: 0), loss: .meanSquaredError)
        return model
    }

    func testValidationSplitTakesTheLastSamples() throws {
        let model = frozenModel()
        let history = try model.fit(x: x, y: y, batchSize: 4, epochs: 1, verbose: 0, validationSplit: 0.3)
        let tail = try model.evaluate(x: x[7..<10], y: y[7..<10])
        XCTAssertEqual(try XCTUnwrap(history.history["val_loss"]?.first), tail["loss"]!, accuracy: 1e-6)
        let head = try model.evaluate(x: x[0..<7], y: y[0..<7])
        XCTAssertEqual(try XCTUnwrap(history.history["loss"]?.first), head["loss"]!, accuracy: 1e-5)
    }

    func testValidationDataIsEvaluatedAfterEachEpoch() throws {
        let model = frozenModel()
        let history = try model.fit(x: x, y: y, batchSize: 3, epochs: 2, verbose: 0, validationData: (x[0..<2], y[0..<2]))
        let expected = try model.evaluate(x: x[0..<2], y: y[0..<2])["loss"]!
        XCTAssertEqual(history.history["val_loss"] ?? [], [expected, expected])
    }

    func testInitialEpochAndCallbackHooksFollowKeras() throws {
        let model = frozenModel()
        var events: [String] = []
        let recorder = LambdaCallback(
            onEpochBegin: { epoch, _ in events.append("epoch \(epoch)") },
            onBatchEnd: { batch, logs in events.append("batch \(batch) \(logs["loss"] != nil)") },
            onTrainBegin: { _ in events.append("begin") },
            onTrainEnd: { _ in events.append("end") })
        let history = try model.fit(x: x, y: y, batchSize: 5, epochs: 3, verbose: 0, callbacks: [recorder], initialEpoch: 1)
        XCTAssertEqual(events, ["begin", "epoch 1", "batch 0 true", "batch 1 true", "epoch 2", "batch 0 true", "batch 1 true", "end"])
        XCTAssertEqual(history.epoch, [1, 2])
    }

    func testEarlyStoppingStopsWhenTheMonitoredValueStalls() throws {
        let model = frozenModel()   // the loss never improves with a zero learning rate
        let stopper = EarlyStopping(monitor: "loss", patience: 1)
        // Unshuffled: in another order the mean loss could differ in its last bit, which counts
        // as an improvement (minDelta 0), as in Keras.
        let history = try model.fit(x: x, y: y, batchSize: 5, epochs: 20, verbose: 0, callbacks: [stopper], shuffle: false)
        XCTAssertEqual(history.history["loss"]?.count, 2)
    }

    func testCSVLoggerWritesOneRowPerEpoch() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fit-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let model = frozenModel()
        try model.fit(x: x, y: y, batchSize: 5, epochs: 2, verbose: 0, callbacks: [CSVLogger(path)])
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.first, "epoch,loss,val_loss")   // Keras adds val_ columns (NA) when absent
        XCTAssertEqual(lines.count, 3)
    }

    func testTerminateOnNaNStopsTraining() throws {
        let model = Sequential([Dense(1, inputShape: [2])])
        model.compile(optimizer: SGD(learningRate: 1e30), loss: .meanSquaredError)
        let big = x * 1e10
        let history = try model.fit(x: big, y: y, batchSize: 2, epochs: 5, verbose: 0, callbacks: [TerminateOnNaN()])
        XCTAssertLessThanOrEqual(history.history["loss"]?.count ?? 0, 1)
    }

    func testVerboseTwoPrintsKerasEpochHeaderBeforeEachEpochsLine() throws {
        let model = frozenModel()
        let output = try capturing(STDOUT_FILENO) {
            try model.fit(x: x, y: y, batchSize: 5, epochs: 2, verbose: 2)
        }
        // Keras 3.15: "Epoch 1/2", then "2/2 - 1s - 366ms/step - accuracy: ... - loss: ...".
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines.count, 5, output)
        XCTAssertEqual(lines[0], "Epoch 1/2")
        XCTAssertTrue(lines[1].hasPrefix("2/2 - ") && lines[1].contains("/step - loss: "), lines[1])
        XCTAssertEqual(lines[2], "Epoch 2/2")
        XCTAssertTrue(lines[3].hasPrefix("2/2 - "), lines[3])
        XCTAssertEqual(lines[4], "")
    }

    func testOneEpochHasNoHeaderAndVerboseZeroPrintsNothing() throws {
        let model = frozenModel()
        // As Keras's ProgbarLogger: the header only when there are several epochs.
        let single = try capturing(STDOUT_FILENO) { try model.fit(x: x, y: y, batchSize: 5, epochs: 1, verbose: 2) }
        XCTAssertEqual(single.split(separator: "\n").count, 1, single)
        XCTAssertTrue(single.hasPrefix("2/2 - "), single)
        let silent = try capturing(STDOUT_FILENO) { try model.fit(x: x, y: y, batchSize: 5, epochs: 2, verbose: 0) }
        XCTAssertEqual(silent, "")
        // verbose 1 into a file (not a terminal): header, then only each epoch's final bar.
        let bars = try capturing(STDOUT_FILENO) { try model.fit(x: x, y: y, batchSize: 5, epochs: 2, verbose: 1) }
        let lines = bars.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 4, bars)
        XCTAssertEqual([lines[0], lines[2]], ["Epoch 1/2", "Epoch 2/2"])
        XCTAssertTrue(lines[1].hasPrefix("2/2 [==============================] - "), lines[1])
    }

    func testBadArgumentsThrow() {
        let model = frozenModel()
        XCTAssertThrowsError(try model.fit(x: x, y: y, batchSize: 0, verbose: 0))
        XCTAssertThrowsError(try model.fit(x: x, y: y, verbose: 0, validationSplit: 1))
        XCTAssertThrowsError(try model.predict(x, batchSize: -1))
    }
}
