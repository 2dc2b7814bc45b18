import DL
import Foundation
import XCTest

/// A model with its own steps (as a VAE has): each returns logs of its own making.
final class CustomStepModel: Model {
    private(set) var batchSizes: [Int] = []
    private(set) var targetCounts: [Int] = []

    override func trainStep(x: [Tensor], y: [Tensor]) throws -> [String: Float] {
        batchSizes.append(x[0].shape[0])
        targetCounts.append(y.count)
        return ["loss": Float(batchSizes.count), "custom": Float(x[0].shape[0])]
    }

    override func testStep(x: [Tensor], y: [Tensor]) throws -> [String: Float] {
        ["loss": -1, "custom": Float(x[0].shape[0])]
    }
}

/// The training seam: `trainStep(x:y:)` / `testStep(x:y:)` return the step's logs, and `fit`
/// shows, records and hands on exactly those.
final class TrainStepTests: XCTestCase {
    private let x = Tensor(shape: [10, 2], scalars: (0..<20).map { Float($0) / 10 })

    private func customModel() -> CustomStepModel {
        let input = Input(shape: [2])
        let model = CustomStepModel(inputs: input, outputs: Dense(2)(input))
        model.compile(optimizer: SGD(), loss: .meanSquaredError)
        return model
    }

    func testACustomTrainStepDrivesHistoryCallbacksAndTheProgressBar() throws {
        let model = customModel()
        var batchLogs: [[String: Float]] = []
        var epochLogs: [[String: Float]] = []
        let recorder = LambdaCallback(onEpochEnd: { _, logs in epochLogs.append(logs) },
                                      onBatchEnd: { _, logs in batchLogs.append(logs) })
        var history: History?
        let output = try capturing(STDOUT_FILENO) {
            history = try model.fit(x: x, y: x, batchSize: 4, epochs: 2, verbose: 2, callbacks: [recorder],
                                    validationData: (x[0..<3], x[0..<3]), shuffle: false)
        }
        XCTAssertEqual(model.batchSizes, [4, 4, 2, 4, 4, 2])
        XCTAssertEqual(model.targetCounts, [1, 1, 1, 1, 1, 1])
        XCTAssertEqual(batchLogs.map { $0["loss"] }, [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(batchLogs.map { $0["custom"] }, [4, 4, 2, 4, 4, 2])
        // An epoch's logs are its last step's, then the validation steps' with the val_ prefix.
        XCTAssertEqual(history?.history["loss"], [3, 6])
        XCTAssertEqual(history?.history["custom"], [2, 2])
        XCTAssertEqual(history?.history["val_loss"], [-1, -1])
        XCTAssertEqual(history?.history["val_custom"], [3, 3])
        XCTAssertEqual(epochLogs.last, ["loss": 6, "custom": 2, "val_loss": -1, "val_custom": 3])
        // The progress bar shows "loss" first, then the step's other keys sorted.
        let lines = output.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 4, output)
        XCTAssertEqual(lines[0], "Epoch 1/2")
        XCTAssertTrue(lines[1].hasSuffix(" - loss: 3.0000 - custom: 2.0000 - val_loss: -1.0000 - val_custom: 3.0000"), lines[1])
        XCTAssertEqual(lines[2], "Epoch 2/2")
    }

    func testTrainOnBatchAndEvaluateReturnTheCustomStepsLogs() throws {
        let model = customModel()
        XCTAssertEqual(try model.trainOnBatch(x: x, y: x), ["loss": 1, "custom": 10])
        XCTAssertEqual(try model.evaluate(x: x, y: x, batchSize: 4), ["loss": -1, "custom": 2])
    }

    func testTheStandardStepReturnsRunningMeansOverTheEpoch() throws {
        Random.seed(4)
        let model = Sequential([Dense(1, inputShape: [2])])
        model.compile(optimizer: SGD(learningRate: 0), loss: .meanSquaredError, metrics: [.meanAbsoluteError])
        let y = Tensor(shape: [10, 1], scalars: (0..<10).map { Float($0) / 5 })
        let first = try model.trainStep(x: [x[0..<4]], y: [y[0..<4]])
        let second = try model.trainStep(x: [x[4..<10]], y: [y[4..<10]])
        let whole = try model.evaluate(x: x, y: y, batchSize: 10)   // frozen weights: the same predictions
        let a = try model.evaluate(x: x[0..<4], y: y[0..<4])
        XCTAssertEqual(first["loss"]!, a["loss"]!, accuracy: 1e-6)
        XCTAssertEqual(second["loss"]!, whole["loss"]!, accuracy: 1e-6, "4- and 6-sample batches weighted by size")
        XCTAssertEqual(second["mean_absolute_error"]!, whole["mean_absolute_error"]!, accuracy: 1e-6)
    }

    func testAStepWithTheWrongNumberOfTargetsThrows() {
        let model = Sequential([Dense(1, inputShape: [2])])
        model.compile(optimizer: SGD(), loss: .meanSquaredError)
        XCTAssertThrowsError(try model.trainStep(x: [x], y: [])) { error in
            XCTAssertTrue("\(error)".contains("Received: 0 target tensors"), "\(error)")
        }
        let uncompiled = Sequential([Dense(1, inputShape: [2])])
        XCTAssertThrowsError(try uncompiled.testStep(x: [x], y: [x])) { error in
            XCTAssertEqual(error as? DLError, .notCompiled(model: uncompiled.name, call: "testStep"))
        }
    }
}
