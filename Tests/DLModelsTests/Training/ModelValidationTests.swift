import DL
import XCTest

/// Data that does not fit the model, its loss or its metrics: a `DLError` from `fit` and
/// `evaluate` (before training for the first batch, before its step for any later one).
final class ModelValidationTests: XCTestCase {
    private let x = Tensor(shape: [6, 2], scalars: (0..<12).map { Float($0) / 12 })

    private func classifier(metrics: [Metric] = []) -> Sequential {
        Random.seed(1)
        let model = Sequential([Dense(3, activation: .softmax, inputShape: [2])])
        model.compile(optimizer: SGD(), loss: .sparseCategoricalCrossentropy, metrics: metrics)
        return model
    }

    private func assertFitThrows(_ model: Model, y: Tensor, batchSize: Int = 32, containing fragments: [String],
                                 line: UInt = #line) {
        XCTAssertThrowsError(try model.fit(x: x, y: y, batchSize: batchSize, verbose: 0, shuffle: false), line: line) { error in
            XCTAssertTrue(error is DLError, "\(error)", line: line)
            for fragment in fragments { XCTAssertTrue("\(error)".contains(fragment), "\(error) lacks \(fragment)", line: line) }
        }
    }

    func testAMetricThatDoesNotFitTheLabelsIsAnError() throws {
        let y = Tensor([0, 1, 2, 0, 1, 2])
        for metric in [Metric](arrayLiteral: Precision(), Recall(), F1Score(), BinaryAccuracy(), CategoricalAccuracy()) {
            let model = classifier(metrics: [metric])
            assertFitThrows(model, y: y, containing: [
                "model '\(model.name)'.fit: labels do not fit the output (None, 3)", "metric '\(metric.name)'",
                "Received: yTrue shape [6], yPred shape [6, 3]",
            ])
            XCTAssertThrowsError(try model.evaluate(x: x, y: y), "\(metric.name)")
        }
        let precision = classifier(metrics: [.precision])
        assertFitThrows(precision, y: y, containing: ["look like class ids", ".sparseCategoricalAccuracy"])
        // One-hot labels against a sparse metric are refused too; fitting labels train.
        let oneHot = Sequential([Dense(3, activation: .softmax, inputShape: [2])])
        oneHot.compile(optimizer: SGD(), loss: .categoricalCrossentropy, metrics: [.sparseCategoricalAccuracy])
        assertFitThrows(oneHot, y: toCategorical(y, numClasses: 3), containing: ["metric 'sparse_categorical_accuracy'", "look one-hot"])
        XCTAssertNoThrow(try classifier(metrics: [.accuracy, .sparseCategoricalAccuracy]).fit(x: x, y: y, verbose: 0))
        let binary = Sequential([Dense(1, activation: .sigmoid, inputShape: [2])])
        binary.compile(optimizer: SGD(), loss: .binaryCrossentropy, metrics: [.precision, .recall, .f1Score, .accuracy])
        XCTAssertNoThrow(try binary.fit(x: x, y: Tensor([0, 1, 1, 0, 1, 0]), verbose: 0))
    }

    func testANonIntegerSparseLabelIsAnError() throws {
        assertFitThrows(classifier(), y: Tensor([0, 1, 2.5, 0, 1, 2]),
                        containing: ["loss 'sparse_categorical_crossentropy'", "class ids in 0..<3", "Received: label 2.5"])
        // In a later batch: the error names the batch, raised before that batch's step.
        let model = classifier()
        let before = model.weights.map(\.storedValue)
        assertFitThrows(model, y: Tensor([0, 1, 2, 0, 1, 1.5]), batchSize: 2,
                        containing: ["fit, batch 2", "Received: label 1.5"])
        XCTAssertNotEqual(model.weights.map(\.storedValue), before, "batches 0 and 1 trained")
        assertFitThrows(classifier(), y: Tensor([0, 1, 2, 3, 1, 2]), containing: ["Received: label 3.0"])
    }

    func testABinaryCrossentropyLabelOutsideZeroOneIsAnError() throws {
        let model = Sequential([Dense(1, activation: .sigmoid, inputShape: [2])])
        model.compile(optimizer: SGD(), loss: .binaryCrossentropy)
        for bad in [Float(2), -0.5, .nan] {
            assertFitThrows(model, y: Tensor([0, 1, bad, 0, 1, 0]),
                            containing: ["loss 'binary_crossentropy'", "labels must be probabilities in [0, 1]", "Received: label \(bad)"])
        }
        let logits = Sequential([Dense(1, inputShape: [2])])
        logits.compile(optimizer: SGD(), loss: .binaryCrossentropy(fromLogits: true, labelSmoothing: 0.1))
        assertFitThrows(logits, y: Tensor([0, 1, 2, 0, 1, 0]), containing: ["Received: label 2.0"])
        XCTAssertNoThrow(try model.fit(x: x, y: Tensor([0, 1, 0.25, 0, 1, 0]), verbose: 0), "soft labels are probabilities")
    }

    func testAModelWithSeveralOutputsNeedsOneTargetPerOutput() throws {
        let input = Input(shape: [2])
        let first = Dense(1, name: "first")(input), second = Dense(2, name: "second")(input)
        let model = Model(inputs: input, outputs: [first, second])
        model.compile(optimizer: SGD(), loss: .meanSquaredError)
        let message = "model '\(model.name)'.fit: expected one target tensor per output (2: 'first', 'second'). "
            + "Received: 1 target tensors"
        let y1 = Tensor(shape: [6, 1], scalars: Array(repeating: 0, count: 6))
        XCTAssertThrowsError(try model.fit(x: x, y: y1, verbose: 0)) { XCTAssertEqual("\($0)", message) }
        XCTAssertThrowsError(try model.fit(x: [x], y: [y1, x, x], verbose: 0)) { error in
            XCTAssertTrue("\(error)".hasSuffix("Received: 3 target tensors"), "\(error)")
        }
        XCTAssertThrowsError(try model.evaluate(x: x, y: y1)) { error in
            XCTAssertTrue("\(error)".contains("'.evaluate: expected one target tensor per output"), "\(error)")
        }
        XCTAssertThrowsError(try model.trainOnBatch(x: x, y: y1))
        XCTAssertThrowsError(try model.fit(x: [x], y: [y1, y1], verbose: 0)) { error in
            XCTAssertTrue("\(error)".contains("labels do not fit output 'second' (None, 2)"), "\(error)")
        }
        XCTAssertNoThrow(try model.fit(x: [x], y: [y1, x], verbose: 0))
        XCTAssertEqual(try model.predict(x).shape, [6, 1], "predict gives the first output")
    }

    func testTargetsForAnotherNumberOfOutputsAreAnError() throws {
        let model = classifier()
        let y = Tensor([0, 1, 2, 0, 1, 2])
        XCTAssertThrowsError(try model.fit(x: [x], y: [y, y], verbose: 0)) { error in
            XCTAssertTrue("\(error)".contains("expected one target tensor per output (1: '\(model.outputs[0].layer.name)'). Received: 2 target tensors"), "\(error)")
        }
        XCTAssertThrowsError(try model.fit(try Dataset(x: [x], y: [y, y]), verbose: 0))
    }
}
