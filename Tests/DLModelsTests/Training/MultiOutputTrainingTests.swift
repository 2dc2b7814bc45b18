import DL
import DLTestSupport
import Foundation
import XCTest

/// A model with two heads, `cls` (softmax) and `reg` (linear), trained with two losses and loss
/// weights, against what Keras 3 did with the same weights and data
/// (`Tests/Fixtures/Keras/functional/two_heads.json`, written by `generate_functional.py`).
final class MultiOutputTrainingTests: XCTestCase {
    private struct Fixture {
        let json: [String: Any]
        var x: Tensor { Self.matrix(json["x"]) }
        var yClass: Tensor { Tensor((json["y_cls"] as? [Double] ?? []).map(Float.init)) }
        var yRegression: Tensor { Self.matrix(json["y_reg"]) }
        var weights: [Tensor] { (json["weights"] as? [Any] ?? []).map(Self.tensor) }
        var weightsAfterOneStep: [Tensor] { (json["weights_after_one_step"] as? [Any] ?? []).map(Self.tensor) }
        func keys(_ name: String) -> [String] { json[name] as? [String] ?? [] }
        func values(_ name: String) -> [String: Float] {
            (json[name] as? [String: Double] ?? [:]).mapValues(Float.init)
        }

        static func matrix(_ value: Any?) -> Tensor { Tensor((value as? [[Double]] ?? []).map { $0.map(Float.init) }) }
        static func tensor(_ value: Any) -> Tensor {
            if let rows = value as? [[Double]] { return Tensor(rows.map { $0.map(Float.init) }) }
            return Tensor((value as? [Double] ?? []).map(Float.init))
        }
    }

    private func fixture() throws -> Fixture {
        let url = KerasFixtures.directory.appendingPathComponent("functional/two_heads.json")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        return Fixture(json: try XCTUnwrap(json))
    }

    /// Keras's model, with Keras's weights.
    private func twoHeads(_ fixture: Fixture, metrics: [[Metric]] = [[.accuracy], []]) -> Model {
        let input = Input(shape: [4], name: "features")
        let hidden = Dense(5, activation: .relu, name: "hidden")(input)
        let model = Model(inputs: input, outputs: [Dense(3, activation: .softmax, name: "cls")(hidden),
                                                   Dense(1, name: "reg")(hidden)], name: "two_heads")
        for (variable, value) in zip(model.weights, fixture.weights) { variable.value = value }
        model.compile(optimizer: SGD(learningRate: 0.1), loss: [.sparseCategoricalCrossentropy, .meanSquaredError],
                      lossWeights: [1, 0.5], metrics: metrics)
        return model
    }

    func testEvaluateGivesKerasKeysAndValues() throws {
        let fixture = try fixture()
        XCTAssertEqual(fixture.keys("evaluate_keys"), ["cls_accuracy", "cls_loss", "loss", "reg_loss"])
        let model = twoHeads(fixture)
        XCTAssertEqual(model.weights.count, 6)
        let logs = try model.evaluate(x: [fixture.x], y: [fixture.yClass, fixture.yRegression], batchSize: 8)
        XCTAssertEqual(logs.keys.sorted(), fixture.keys("evaluate_keys"))
        for (key, expected) in fixture.values("evaluate") {
            XCTAssertEqual(logs[key] ?? .nan, expected, accuracy: 1e-5 * Swift.max(1, Swift.abs(expected)), key)
        }
        // "loss" is the weighted sum of the unweighted per-output losses.
        XCTAssertEqual(logs["loss"]!, logs["cls_loss"]! + 0.5 * logs["reg_loss"]!, accuracy: 1e-5)
    }

    func testOneStepOfFitMatchesKerasLogsOrderAndWeights() throws {
        let fixture = try fixture()
        let model = twoHeads(fixture)
        var history: History?
        let output = try capturing(STDOUT_FILENO) {
            history = try model.fit(x: [fixture.x], y: [fixture.yClass, fixture.yRegression], batchSize: 8, epochs: 1,
                                    verbose: 2, shuffle: false)
        }
        let keys = fixture.keys("history_keys")
        XCTAssertEqual(history?.history.keys.sorted(), keys)
        // The progress bar shows the keys in Keras's order (sorted).
        let shown = output.components(separatedBy: " - ").filter { $0.contains(": ") }.map { $0.components(separatedBy: ":")[0] }
        XCTAssertEqual(shown, keys, output)
        for (key, expected) in fixture.values("history") {
            XCTAssertEqual(history?.history[key]?.first ?? .nan, expected, accuracy: 1e-5 * Swift.max(1, Swift.abs(expected)), key)
        }
        // The gradients of the weighted sum moved every weight as Keras's did (the softmax head
        // trained on its logits, the fused path).
        for (index, (variable, expected)) in zip(model.weights, fixture.weightsAfterOneStep).enumerated() {
            assertTensorsClose(variable.value, expected, accuracy: 1e-5, "weight \(index) '\(variable.name)'")
        }
    }

    func testOneLossForEveryOutputAndMetricsPerOutput() throws {
        let fixture = try fixture()
        let model = twoHeads(fixture, metrics: [[.accuracy], [.meanAbsoluteError]])
        model.compile(optimizer: SGD(), loss: .meanSquaredError)
        let y = [toCategorical(fixture.yClass, numClasses: 3), fixture.yRegression]
        let logs = try model.evaluate(x: [fixture.x], y: y, batchSize: 3)
        XCTAssertEqual(logs.keys.sorted(), ["cls_loss", "loss", "reg_loss"])
        XCTAssertEqual(logs["loss"]!, logs["cls_loss"]! + logs["reg_loss"]!, accuracy: 1e-5)
        model.compile(optimizer: SGD(), loss: [.categoricalCrossentropy, .meanSquaredError],
                      metrics: [[.accuracy], [.meanAbsoluteError]])
        let withMetrics = try model.evaluate(x: [fixture.x], y: y)
        XCTAssertEqual(withMetrics.keys.sorted(), ["cls_accuracy", "cls_loss", "loss", "reg_loss", "reg_mean_absolute_error"])
        let predictions = try model.predictOutputs([fixture.x], batchSize: 3)
        XCTAssertEqual(predictions.map(\.shape), [[8, 3], [8, 1]])
        let mae = (predictions[1] - fixture.yRegression).scalars.map { Swift.abs($0) }.reduce(0, +) / 8
        XCTAssertEqual(withMetrics["reg_mean_absolute_error"]!, mae, accuracy: 1e-5)
    }

    func testTwoHeadsLearnBothTasks() throws {
        Random.seed(11)
        let x = Tensor.randomUniform([64, 2], min: -1, max: 1, seed: 3)
        let rows = x.scalars
        let yClass = Tensor((0..<64).map { rows[2 * $0] + rows[2 * $0 + 1] > 0 ? 1 : 0 })
        let yRegression = Tensor(shape: [64, 1], scalars: (0..<64).map { rows[2 * $0] - 2 * rows[2 * $0 + 1] })
        let input = Input(shape: [2])
        let hidden = Dense(16, activation: .tanh)(input)
        let model = Model(inputs: input, outputs: [Dense(2, activation: .softmax, name: "side")(hidden),
                                                   Dense(1, name: "value")(hidden)])
        model.compile(optimizer: Adam(learningRate: 0.02), loss: [.sparseCategoricalCrossentropy, .meanSquaredError],
                      lossWeights: [1, 0.2], metrics: [[.accuracy], []])
        let history = try model.fit(x: [x], y: [yClass, yRegression], batchSize: 16, epochs: 40, verbose: 0)
        XCTAssertLessThan(history.history["value_loss"]!.last!, 0.05 * history.history["value_loss"]!.first!)
        XCTAssertGreaterThan(history.history["side_accuracy"]!.last!, 0.9)
        XCTAssertEqual(history.history["loss"]!.count, 40)
    }

    func testListsOfAnotherLengthThanTheOutputsAreErrors() throws {
        let fixture = try fixture()
        let model = twoHeads(fixture)
        let y = [fixture.yClass, fixture.yRegression]
        model.compile(optimizer: SGD(), loss: [.sparseCategoricalCrossentropy, .meanSquaredError, .meanSquaredError])
        XCTAssertThrowsError(try model.fit(x: [fixture.x], y: y, verbose: 0)) { error in
            XCTAssertEqual("\(error)", "model 'two_heads'.compile: expected one loss, or one loss per output (2). Received: 3 "
                + "losses (sparse_categorical_crossentropy, mean_squared_error, mean_squared_error)")
        }
        model.compile(optimizer: SGD(), loss: [.sparseCategoricalCrossentropy, .meanSquaredError], lossWeights: [1])
        XCTAssertThrowsError(try model.evaluate(x: [fixture.x], y: y)) { error in
            XCTAssertTrue("\(error)".hasSuffix("Received: lossWeights=[1.0]"), "\(error)")
        }
        model.compile(optimizer: SGD(), loss: [.sparseCategoricalCrossentropy, .meanSquaredError], metrics: [[.accuracy]])
        XCTAssertThrowsError(try model.trainOnBatch(x: [fixture.x], y: y)) { error in
            XCTAssertTrue("\(error)".hasSuffix("Received: 1 metric lists"), "\(error)")
        }
        model.compile(optimizer: SGD(), loss: .meanSquaredError, metrics: [.meanAbsoluteError])
        XCTAssertThrowsError(try model.fit(x: [fixture.x], y: y, verbose: 0)) { error in
            XCTAssertTrue("\(error)".contains("takes one metric list per output"), "\(error)")
        }
        XCTAssertThrowsError(try model.trainStep(x: [fixture.x], y: y)) { error in
            XCTAssertTrue("\(error)".contains("takes one metric list per output"), "\(error)")
        }
    }
}
