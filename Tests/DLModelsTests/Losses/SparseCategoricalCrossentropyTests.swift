import DL
import DLTestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// `SparseCategoricalCrossentropy`: values, gradients, label checks and configuration.
final class SparseCategoricalCrossentropyTests: XCTestCase {
    func testSparseCategoricalCrossentropy() {
        let p = Tensor([[0.2, 0.7, 0.1], [0.1, 0.3, 0.6]])
        assertTensorsClose(SparseCategoricalCrossentropy().perSampleLoss(yTrue: Tensor([1, 0]), yPred: p),
                           Tensor([0.35667494, 2.30258509]))
        // [N, 1] labels give the same.
        assertTensorsClose(SparseCategoricalCrossentropy().perSampleLoss(yTrue: Tensor([[1], [0]]), yPred: p),
                           Tensor([0.35667494, 2.30258509]))
        // Matches the categorical loss on one-hot labels.
        XCTAssertEqual(lossValue(.sparseCategoricalCrossentropy, Tensor([1, 0]), p),
                       lossValue(.categoricalCrossentropy, Tensor([[0, 1, 0], [1, 0, 0]]), p), accuracy: 1e-6)
        // Clipping: probability 0 of the true class gives −log(1e-7).
        XCTAssertEqual(lossValue(.sparseCategoricalCrossentropy, Tensor([2]), Tensor([[0.5, 0.5, 0]])), 16.118, accuracy: 1e-2)
    }

    func testSparseCategoricalCrossentropyFromLogits() {
        let x = Tensor([[1.0, 3.0, -2.0], [0.5, 0.0, 4.0], [100, 0, -100]])
        let labels = Tensor([1, 0, 2])
        XCTAssertEqual(lossValue(.sparseCategoricalCrossentropy(fromLogits: true), labels, x),
                       lossValue(.categoricalCrossentropy(fromLogits: true), Tensor([[0, 1, 0], [1, 0, 0], [0, 0, 1]]), x),
                       accuracy: 1e-4)
        let first2 = SparseCategoricalCrossentropy(fromLogits: true).perSampleLoss(yTrue: labels, yPred: x).scalars
        XCTAssertEqual(first2[2], 200, accuracy: 1e-3)   // stable for large logits
    }

    func testSparseCategoricalCrossentropySequenceShapes() {
        // [batch, steps, classes] predictions with [batch, steps] labels average over steps.
        let x = Tensor(shape: [1, 2, 2], scalars: [0.25, 0.75, 0.5, 0.5])
        let loss = SparseCategoricalCrossentropy().perSampleLoss(yTrue: Tensor([[1, 0]]), yPred: x)
        XCTAssertEqual(loss.shape, [1])
        XCTAssertEqual(loss.scalars[0], (-logf(0.75) - logf(0.5)) / 2, accuracy: 1e-6)
    }

    func testGradients() {
        check(SparseCategoricalCrossentropy(), Tensor([1, 0]), checkProbabilities)
        check(SparseCategoricalCrossentropy(), Tensor([1, 2]), checkProbabilities * 1.5)   // unnormalized rows
        check(SparseCategoricalCrossentropy(fromLogits: true), Tensor([[1], [2]]), checkLogits)
    }

    private func check(_ loss: Loss, _ yTrue: Tensor, _ yPred: Tensor, line: UInt = #line) {
        checkLossGradient(loss, yTrue: yTrue, yPred: yPred, line: line)
    }

    func testSparseShapes() throws {
        try lossNamed(.sparseCategoricalCrossentropy).validate(yTrueShape: [32], yPredShape: [32, 10])
        try lossNamed(.sparseCategoricalCrossentropy).validate(yTrueShape: [32, 1], yPredShape: [32, 10])
        let text = validationMessage { try lossNamed(.sparseCategoricalCrossentropy).validate(yTrueShape: [32, 10], yPredShape: [32, 10]) }
        XCTAssertTrue(text.contains("sparse_categorical_crossentropy") && text.contains("one-hot"), text)
    }

    func testSparseLabelValues() {
        let text = validationMessage { try lossNamed(.sparseCategoricalCrossentropy).validate(yTrue: Tensor([0, 3]), yPredShape: [2, 3]) }
        XCTAssertTrue(text.contains("0..<3") && text.contains("3.0"), text)
        XCTAssertNoThrow(try lossNamed(.sparseCategoricalCrossentropy).validate(yTrue: Tensor([0, 2]), yPredShape: [2, 3]))
        XCTAssertTrue(lossValue(.sparseCategoricalCrossentropy, Tensor([5]), Tensor([[0.5, 0.5]])).isNaN)
    }

    func testName() {
        XCTAssertEqual(lossNamed(.sparseCategoricalCrossentropy).name, "sparse_categorical_crossentropy")
    }

    func testConfig() throws {
        let expected: LayerConfig = ["name": "sparse_categorical_crossentropy", "reduction": "sum_over_batch_size",
                                     "from_logits": true, "ignore_class": nil]
        XCTAssertEqual(SparseCategoricalCrossentropy(fromLogits: true).getConfig(), expected)
        XCTAssertEqual(try SparseCategoricalCrossentropy.fromConfig(expected).getConfig(), expected)
        XCTAssertTrue(try SparseCategoricalCrossentropy.fromConfig(expected).fromLogits)
        assertThrowsMentioning(["SparseCategoricalCrossentropy", "ignore_class", "255"]) {
            try SparseCategoricalCrossentropy.fromConfig(replacing(expected, "ignore_class", with: 255))
        }
    }
}
