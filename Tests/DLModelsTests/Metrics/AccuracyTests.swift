import DL
import DLTestSupport
import XCTest

final class AccuracyTests: XCTestCase {
    func testBinaryAccuracyAccumulatesOverBatchesAndResets() {
        let metric = BinaryAccuracy()
        // batch 1: predictions > 0.5 → [1, 0, 1, 0] vs [1, 1, 0, 0]: 2 of 4
        metric.update(yTrue: Tensor([[1], [1], [0], [0]]), yPred: Tensor([[0.9], [0.4], [0.6], [0.1]]))
        XCTAssertEqual(metric.result(), 0.5)
        // batch 2 ([N] labels against [N, 1] predictions): 2 of 2 → 4 of 6 overall (count-weighted)
        metric.update(yTrue: Tensor([1, 0]), yPred: Tensor([[0.7], [0.5]]))
        XCTAssertEqual(metric.result(), 4.0 / 6.0, accuracy: 1e-6)
        metric.reset()
        XCTAssertEqual(metric.result(), 0)
        XCTAssertEqual(metric.name, "binary_accuracy")
        let strict = BinaryAccuracy(threshold: 0.8)
        strict.update(yTrue: Tensor([1, 1]), yPred: Tensor([0.9, 0.7]))
        XCTAssertEqual(strict.result(), 0.5)
    }

    func testCategoricalAccuracy() {
        let metric = CategoricalAccuracy()
        metric.update(yTrue: Tensor([[0, 1, 0], [1, 0, 0], [0, 0, 1]]),
                      yPred: Tensor([[0.1, 0.8, 0.1], [0.2, 0.7, 0.1], [0.3, 0.3, 0.4]]))
        XCTAssertEqual(metric.result(), 2.0 / 3.0, accuracy: 1e-6)
        metric.update(yTrue: Tensor([[1, 0, 0]]), yPred: Tensor([[0.1, 0.1, 0.8]]))
        XCTAssertEqual(metric.result(), 0.5)
        XCTAssertEqual(metric.name, "categorical_accuracy")
    }

    func testSparseCategoricalAccuracy() {
        let metric = SparseCategoricalAccuracy()
        metric.update(yTrue: Tensor([1, 0, 2]), yPred: Tensor([[0.1, 0.8, 0.1], [0.2, 0.7, 0.1], [0.3, 0.3, 0.4]]))
        XCTAssertEqual(metric.result(), 2.0 / 3.0, accuracy: 1e-6)
        metric.update(yTrue: Tensor([[0]]), yPred: Tensor([[0.9, 0.05, 0.05]]))   // [N, 1] labels
        XCTAssertEqual(metric.result(), 0.75)
        metric.reset()
        XCTAssertEqual(metric.result(), 0)
    }

    func testAccuracyResolvedFromTheLoss() throws {
        let base = Accuracy()
        let binary = try XCTUnwrap(base.resolved(for: BinaryCrossentropy()) as? Accuracy)
        XCTAssertEqual(binary.kind, .binary(threshold: 0.5))
        XCTAssertEqual((base.resolved(for: SparseCategoricalCrossentropy()) as? Accuracy)?.kind, .sparseCategorical)
        XCTAssertEqual((base.resolved(for: CategoricalCrossentropy(fromLogits: true)) as? Accuracy)?.kind, .categorical)
        XCTAssertEqual((base.resolved(for: KLDivergence()) as? Accuracy)?.kind, .categorical)
        for resolved in [binary, base.resolved(for: MeanSquaredError())] { XCTAssertEqual(resolved.name, "accuracy") }
        // An explicit kind is kept.
        let equality = Accuracy(kind: .equality)
        XCTAssertTrue(equality.resolved(for: BinaryCrossentropy()) === equality)
    }

    func testResolvedAccuracyValues() {
        let sparse = Accuracy().resolved(for: SparseCategoricalCrossentropy())
        sparse.update(yTrue: Tensor([1, 0]), yPred: Tensor([[0.2, 0.8], [0.4, 0.6]]))
        XCTAssertEqual(sparse.result(), 0.5)
        let binary = Accuracy().resolved(for: BinaryCrossentropy())
        binary.update(yTrue: Tensor([[1], [0], [1]]), yPred: Tensor([[0.6], [0.2], [0.3]]))
        XCTAssertEqual(binary.result(), 2.0 / 3.0, accuracy: 1e-6)
    }

    func testOtherLossesChooseFromShapesAsKeras3() {
        // MSE with one sigmoid output: Keras 3 uses binary accuracy.
        let mseBinary = Accuracy().resolved(for: MeanSquaredError()) as! Accuracy
        mseBinary.update(yTrue: Tensor([[1], [0]]), yPred: Tensor([[0.7], [0.2]]))
        XCTAssertEqual(mseBinary.kind, .binary(threshold: 0.5))
        XCTAssertEqual(mseBinary.result(), 1)
        // MSE with one-hot targets: categorical.
        let mseOneHot = Accuracy().resolved(for: MeanSquaredError()) as! Accuracy
        mseOneHot.update(yTrue: Tensor([[0, 1], [1, 0]]), yPred: Tensor([[0.3, 0.7], [0.4, 0.6]]))
        XCTAssertEqual(mseOneHot.kind, .categorical)
        XCTAssertEqual(mseOneHot.result(), 0.5)
        // Class ids against several outputs: sparse.
        XCTAssertEqual(Accuracy.Kind.sparseCategorical, {
            let m = Accuracy(); m.update(yTrue: Tensor([1]), yPred: Tensor([[0.1, 0.9]])); return m.kind }())
    }

    func testPlainEqualityAccuracy() {
        let metric = Accuracy(kind: .equality)
        metric.update(yTrue: Tensor([1, 2, 3, 4]), yPred: Tensor([1, 2, 0, 4]))
        XCTAssertEqual(metric.result(), 0.75)
    }

    func testStaticMembersAreNewInstances() {
        XCTAssertFalse(metricNamed(.accuracy) === metricNamed(.accuracy))
        XCTAssertEqual([metricNamed(.accuracy), .binaryAccuracy, .categoricalAccuracy, .sparseCategoricalAccuracy,
                        .precision, .recall, .f1Score, .meanSquaredError, .meanAbsoluteError].map { $0.name },
                       ["accuracy", "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy",
                        "precision", "recall", "f1_score", "mean_squared_error", "mean_absolute_error"])
    }
}
