import DL
import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

final class ModelCheckpointTests: XCTestCase {
    private var folder: String!
    private let x = Tensor(shape: [32, 4], scalars: (0..<128).map { Float(($0 * 37) % 17) / 17 })
    private let y = Tensor((0..<32).map { Float($0 % 3) })

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "swiftdl-checkpoint-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    private func model() -> Sequential {
        Random.seed(7)
        let model = Sequential([Dense(8, activation: .relu, inputShape: [4]), Dense(3, activation: .softmax)])
        model.compile(optimizer: Adam(learningRate: 0.05), loss: .sparseCategoricalCrossentropy, metrics: [.accuracy])
        return model
    }

    func testKerasChecksTheFileNameBeforeTraining() {
        for (checkpoint, message) in [
            (ModelCheckpoint(filepath: "m.keras", saveWeightsOnly: true), "must end in `.weights.h5`"),
            (ModelCheckpoint(filepath: "m.bin"), "must end in `.keras`"),
        ] {
            XCTAssertThrowsError(try model().fit(x: x, y: y, epochs: 1, verbose: 0, callbacks: [checkpoint])) { error in
                XCTAssertTrue("\(error)".contains(message), "\(error)")
            }
        }
    }

    func testEachEpochIsSavedUnderItsFormattedName() throws {
        let template = folder + "/runs/m.{epoch:02d}-{val_loss:.2f}.keras"
        let history = try model().fit(x: x, y: y, epochs: 3, verbose: 0,
                                      callbacks: [ModelCheckpoint(filepath: template)], validationData: (x, y))
        let losses = try XCTUnwrap(history.history["val_loss"])
        for (epoch, loss) in losses.enumerated() {
            let path = folder + "/runs/m.0\(epoch + 1)-\(String(format: "%.2f", Double(loss))).keras"
            XCTAssertTrue(FileManager.default.fileExists(atPath: path), "missing \(path)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder + "/runs").count, 3)
    }

    func testSaveBestOnlyKeepsTheBestEpochsWeights() throws {
        let model = model()
        var snapshots: [[Float]] = []
        let recorder = LambdaCallback(onEpochEnd: { _, _ in snapshots.append(model.weights.flatMap(\.storedValue.scalars)) })
        let path = folder + "/best.weights.h5"
        // Training on a few rows, validating on others: the validation loss goes up and down.
        let history = try model.fit(x: x[0..<8], y: y[0..<8], batchSize: 4, epochs: 8, verbose: 0,
                                    callbacks: [ModelCheckpoint(filepath: path, saveBestOnly: true, saveWeightsOnly: true), recorder],
                                    validationData: (x[8..<32], y[8..<32]), shuffle: false)
        let losses = try XCTUnwrap(history.history["val_loss"])
        let best = try XCTUnwrap(losses.indices.min { losses[$0] < losses[$1] })
        XCTAssertLessThan(best, losses.count - 1, "a later, worse epoch must not overwrite the best: \(losses)")
        let restored = self.model()
        try restored.loadWeights(from: path)
        XCTAssertEqual(restored.weights.flatMap(\.storedValue.scalars), snapshots[best], "epoch \(best + 1) of \(losses)")
    }

    func testAMissingMonitorWarnsWithTheKeysAndSaves() throws {
        let path = folder + "/m.h5"
        let warnings = try capturing(STDERR_FILENO) {
            try model().fit(x: x, y: y, epochs: 2, verbose: 0,
                            callbacks: [ModelCheckpoint(filepath: path, monitor: "val_acc", saveBestOnly: true)])
        }
        XCTAssertEqual(warnings, "UserWarning: Can save best model only with val_acc available. "
                       + "Available metrics are: accuracy,loss\n")
        XCTAssertNoThrow(try Model.load(from: path))
    }

    func testAFileThatCannotBeWrittenEndsTraining() throws {
        let path = folder + "/taken.keras"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        var epochsSeen = 0
        let counter = LambdaCallback(onEpochEnd: { _, _ in epochsSeen += 1 })
        XCTAssertThrowsError(try model().fit(x: x, y: y, epochs: 3, verbose: 0,
                                             callbacks: [ModelCheckpoint(filepath: path), counter])) { error in
            XCTAssertTrue(error is DLError, "\(error)")
            XCTAssertTrue("\(error)".contains("taken.keras"), "\(error)")
        }
        XCTAssertEqual(epochsSeen, 0, "training stops at the first failed save")
    }
}
