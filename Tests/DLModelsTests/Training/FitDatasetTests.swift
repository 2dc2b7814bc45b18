import DL
import XCTest

/// `fit`, `evaluate` and `predict` on a `Dataset`: the same results as on tensors, and clear
/// errors for data that does not fit.
final class FitDatasetTests: XCTestCase {
    private let x = Tensor(shape: [12, 3], scalars: (0..<36).map { Float(($0 * 7) % 11) / 10 })
    private let y = Tensor((0..<12).map { Float($0 % 3) })

    private func classifier(seed: UInt64) -> Sequential {
        Random.seed(seed)
        let model = Sequential([Dense(4, activation: .relu, inputShape: [3]), Dense(3, activation: .softmax)])
        model.compile(optimizer: Adam(learningRate: 0.05), loss: .sparseCategoricalCrossentropy, metrics: [.accuracy])
        return model
    }

    func testFitOnADatasetMatchesFitOnTensorsStepForStep() throws {
        let onTensors = classifier(seed: 11)
        let tensorHistory = try onTensors.fit(x: x, y: y, batchSize: 5, epochs: 3, verbose: 0)
        let onDataset = classifier(seed: 11)
        let datasetHistory = try onDataset.fit(try Dataset(x: x, y: y).batched(5).shuffled(), epochs: 3, verbose: 0)
        XCTAssertEqual(datasetHistory.history["loss"], tensorHistory.history["loss"])
        XCTAssertEqual(datasetHistory.history["accuracy"], tensorHistory.history["accuracy"])
        XCTAssertEqual(try onDataset.predict(x).scalars, try onTensors.predict(x).scalars)
    }

    func testEvaluateAndPredictOnADatasetMatchTensors() throws {
        let model = classifier(seed: 4)
        try model.fit(x: x, y: y, batchSize: 4, epochs: 2, verbose: 0)
        let dataset = try Dataset(x: x, y: y).batched(5)
        XCTAssertEqual(try model.evaluate(dataset), try model.evaluate(x: x, y: y, batchSize: 5))
        XCTAssertEqual(try model.predict(dataset), try model.predict(x, batchSize: 7))
    }

    func testValidationDataSetIsLoggedWithTheValPrefix() throws {
        let model = classifier(seed: 5)
        let validation = try Dataset(x: x[0..<6], y: y[0..<6]).batched(4)
        let history = try model.fit(try Dataset(x: x, y: y).batched(6), epochs: 2, verbose: 0, validationData: validation)
        let last = try model.evaluate(validation)
        XCTAssertEqual(history.history["val_loss"]?.last, last["loss"])
        XCTAssertEqual(history.history["val_accuracy"]?.last, last["accuracy"])
    }

    func testImagesAsBytesTrainLikeTheSameImagesAsFloats() throws {
        let bytes = ByteTensor(shape: [12, 3], bytes: (0..<36).map { UInt8(($0 * 37) % 256) })
        let floats = bytes.tensor(scale: 1 / 255)
        let fromBytes = classifier(seed: 9)
        let byteHistory = try fromBytes.fit(try Dataset(images: bytes, labels: y).batched(4), epochs: 2, verbose: 0)
        let fromFloats = classifier(seed: 9)
        let floatHistory = try fromFloats.fit(x: floats, y: y, batchSize: 4, epochs: 2, verbose: 0, shuffle: false)
        XCTAssertEqual(byteHistory.history["loss"], floatHistory.history["loss"])
    }

    func testDatasetsThatDoNotFitThrowBeforeTraining() throws {
        let model = classifier(seed: 1)
        assertThrows(containing: "no samples") { _ = try model.fit(try Dataset(x: x[0..<0], y: y[0..<0]), verbose: 0) }
        assertThrows(containing: "[samples] + [3]") {
            _ = try model.fit(try Dataset(x: Tensor(repeating: 0, shape: [4, 2]), y: y[0..<4]), verbose: 0)
        }
        assertThrows(containing: "labels do not fit") {
            _ = try model.evaluate(try Dataset(x: x, y: Tensor(repeating: 0, shape: [12, 5])))
        }
        assertThrows(containing: "no samples") { _ = try model.predict(try Dataset(x: [x[0..<0]])) }
        let unfitted = Sequential([Dense(1, inputShape: [3])])
        assertThrows(containing: "compile") { _ = try unfitted.fit(try Dataset(x: x, y: y), verbose: 0) }
    }

    func testABatchThatChangesShapeMidwayIsReportedWithItsIndex() throws {
        let model = classifier(seed: 2)
        var calls = 0
        let drifting = try Dataset(x: x, y: y).batched(4).map { batch in
            calls += 1
            return calls > 2 ? ([Tensor(repeating: 0, shape: [batch.y[0].shape[0], 2])], batch.y) : batch
        }
        assertThrows(containing: "batch 1") { _ = try model.fit(drifting, verbose: 0) }
    }

    func testPredictRejectsMapsThatChangeBatchSizes() throws {
        let model = classifier(seed: 3)
        let doubled = try Dataset(x: x, y: y).batched(5).map { batch in
            (batch.x.map { concatenate([$0, $0], axis: 0) }, batch.y.map { concatenate([$0, $0], axis: 0) })
        }
        assertThrows(containing: "keep each batch's size") { _ = try model.predict(doubled) }
        let halved = try Dataset(x: x, y: y).batched(4).map { batch in (batch.x.map { $0[0..<2] }, batch.y.map { $0[0..<2] }) }
        assertThrows(containing: "keep each batch's size") { _ = try model.predict(halved) }
    }

    private func assertThrows(containing fragment: String, line: UInt = #line, _ body: () throws -> Void) {
        XCTAssertThrowsError(try body(), line: line) { error in
            XCTAssertTrue("\(error)".contains(fragment), "\(error) lacks \(fragment)", line: line)
        }
    }
}
