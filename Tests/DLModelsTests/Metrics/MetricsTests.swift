import DL
import DLTestSupport
import XCTest

/// Every metric's configuration round-trips; `Metrics.serialize`/`deserialize` against the JSON
/// Keras 3.15 wrote (`Tests/Fixtures/Keras/metrics.json`, `compile_config.json`) and compile's strings.
final class MetricsTests: XCTestCase {
    /// config → metric → the same config, through the class's `fromConfig` and through `Metrics`;
    /// the rebuilt metric computes the same value on one batch.
    private func assertRoundTrip<M: Metric>(_ metric: M, _ expected: LayerConfig, labels: Tensor = Tensor([[0, 1, 0], [1, 0, 0]]),
                                            file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(metric.getConfig(), expected, file: file, line: line)
        do {
            let rebuilt = try M.fromConfig(expected)
            XCTAssertEqual(rebuilt.getConfig(), expected, file: file, line: line)
            XCTAssertEqual(try Metrics.deserialize(Metrics.serialize(metric)).getConfig(), expected, file: file, line: line)
            let (t, p) = (labels, Tensor([[0.2, 0.7, 0.1], [0.3, 0.6, 0.9]]))
            metric.reset()
            metric.update(yTrue: t, yPred: p)
            rebuilt.update(yTrue: t, yPred: p)
            XCTAssertEqual(rebuilt.result(), metric.result(), file: file, line: line)
        } catch {
            XCTFail("\(error)", file: file, line: line)
        }
    }

    func testEveryMetricRoundTrips() {
        assertRoundTrip(Accuracy(kind: .equality), ["name": "accuracy", "dtype": "float32"])
        assertRoundTrip(BinaryAccuracy(threshold: 0.7), ["name": "binary_accuracy", "dtype": "float32", "threshold": 0.7])
        assertRoundTrip(CategoricalAccuracy(name: "cat_acc"), ["name": "cat_acc", "dtype": "float32"])
        assertRoundTrip(SparseCategoricalAccuracy(), ["name": "sparse_categorical_accuracy", "dtype": "float32"], labels: Tensor([1, 2]))
        assertRoundTrip(Precision(), ["name": "precision", "dtype": "float32", "thresholds": nil, "top_k": nil, "class_id": nil])
        assertRoundTrip(Precision(threshold: 0.3), ["name": "precision", "dtype": "float32", "thresholds": 0.3, "top_k": nil, "class_id": nil])
        assertRoundTrip(Recall(threshold: 0.2, name: "r"), ["name": "r", "dtype": "float32", "thresholds": 0.2, "top_k": nil, "class_id": nil])
        assertRoundTrip(F1Score(), ["name": "f1_score", "dtype": "float32", "average": "micro", "threshold": 0.5])
        assertRoundTrip(MeanSquaredErrorMetric(), ["name": "mean_squared_error", "dtype": "float32"])
        assertRoundTrip(MeanAbsoluteErrorMetric(name: "mae"), ["name": "mae", "dtype": "float32"])
    }

    func testReadsAndWritesWhatKerasWrote() throws {
        let metrics = try assertKerasFixtureRoundTrips("metrics.json", count: 10, { try Metrics.deserialize($0) }, Metrics.serialize,
                                                       className: { Metrics.serialize($0)["class_name"]?.stringValue })
        XCTAssertEqual((metrics[5] as? Precision)?.threshold, 0.3)
        XCTAssertTrue(metrics[8] is MeanSquaredErrorMetric)
    }

    func testCompileConfigMetrics() throws {
        let compiled = try kerasFixture("compile_config.json")
        let first = try XCTUnwrap(compiled[0]["metrics"]?.arrayValue).map { try Metrics.deserialize($0) }
        XCTAssertEqual((first[0] as? Accuracy)?.kind, .automatic)
        let second = try XCTUnwrap(compiled[1]["metrics"]?.arrayValue).map { try Metrics.deserialize($0) }
        XCTAssertTrue(second[0] is MeanAbsoluteErrorMetric)
        XCTAssertEqual(second[1].name, "mse")   // compile names a metric given as a string by that string
        XCTAssertEqual(Metrics.serialize(first[0]), "accuracy")
    }

    func testAccuracyIsWrittenAsWhatItResolvedTo() {
        XCTAssertEqual(Metrics.serialize(Accuracy()), "accuracy")
        let resolved = Accuracy().resolved(for: BinaryCrossentropy())
        XCTAssertEqual(Metrics.serialize(resolved), ["module": "keras.metrics", "class_name": "BinaryAccuracy", "registered_name": nil,
                                                     "config": ["name": "accuracy", "dtype": "float32", "threshold": 0.5]])
        XCTAssertEqual(Metrics.serialize(Accuracy().resolved(for: SparseCategoricalCrossentropy()))["class_name"], "SparseCategoricalAccuracy")
        XCTAssertEqual(Metrics.serialize(Accuracy().resolved(for: CategoricalCrossentropy()))["class_name"], "CategoricalAccuracy")
    }

    func testCompileStrings() throws {
        let strings = ["accuracy", "acc", "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy", "precision",
                       "recall", "f1_score", "mse", "mean_absolute_error", "Precision"]
        let metrics = try strings.map { try Metrics.deserialize(.string($0)) }
        XCTAssertEqual(metrics.map { String(describing: type(of: $0)) },
                       ["Accuracy", "Accuracy", "BinaryAccuracy", "CategoricalAccuracy", "SparseCategoricalAccuracy", "Precision",
                        "Recall", "F1Score", "MeanSquaredErrorMetric", "MeanAbsoluteErrorMetric", "Precision"])
        XCTAssertEqual(metrics.map(\.name).prefix(10), ["accuracy", "acc", "binary_accuracy", "categorical_accuracy",
                                                        "sparse_categorical_accuracy", "precision", "recall", "f1_score", "mse",
                                                        "mean_absolute_error"])
    }

    func testUnsupportedSettingsAreRefused() {
        assertThrowsMentioning(["F1Score", "average", "null"]) {
            try F1Score.fromConfig(["name": "f1_score", "dtype": "float32", "average": nil, "threshold": nil])
        }
        assertThrowsMentioning(["F1Score", "threshold", "null"]) {
            try F1Score.fromConfig(["name": "f1_score", "average": "micro", "threshold": nil])
        }
        assertThrowsMentioning(["Precision", "thresholds"]) { try Precision.fromConfig(["thresholds": [0.3, 0.5]]) }
        assertThrowsMentioning(["Recall", "top_k", "5"]) { try Recall.fromConfig(["top_k": 5]) }
        assertThrowsMentioning(["BinaryAccuracy", "dtype", "float16"]) { try BinaryAccuracy.fromConfig(["dtype": "float16"]) }
        assertThrowsMentioning(["CategoricalAccuracy", "unknown configuration key 'threshold'"]) {
            try CategoricalAccuracy.fromConfig(["threshold": 0.5])
        }
        assertThrowsMentioning(["metric 'auc'"]) { try Metrics.deserialize("auc") }
        XCTAssertEqual(try Precision.fromConfig(["thresholds": [0.25]]).threshold, 0.25)
    }
}
