import DL
import DLTestSupport
import XCTest

/// Loss values against hand-computed (NumPy, Keras 3 formulas) references.
final class LossValueTests: XCTestCase {
    let yTrue = Tensor([[0, 1], [1, 0], [1, 1]])
    let yPred = Tensor([[0.2, 0.7], [0.9, 0.4], [0.5, 0.8]])

    func testMeanSquaredError() {
        // rows: (0.04 + 0.09)/2, (0.01 + 0.16)/2, (0.25 + 0.04)/2
        assertTensorsClose(MeanSquaredError().perSampleLoss(yTrue: yTrue, yPred: yPred), Tensor([0.065, 0.085, 0.145]))
        XCTAssertEqual(lossValue(.meanSquaredError, yTrue, yPred), 0.0983333, accuracy: 1e-6)
    }

    func testMeanAbsoluteError() {
        assertTensorsClose(MeanAbsoluteError().perSampleLoss(yTrue: yTrue, yPred: yPred), Tensor([0.25, 0.25, 0.35]))
        XCTAssertEqual(lossValue(.meanAbsoluteError, yTrue, yPred), 0.2833333, accuracy: 1e-6)
    }

    func testRankOneLabelsMatchColumnPredictions() {
        // Keras expands [N] labels against [N, 1] predictions.
        let loss = MeanSquaredError().perSampleLoss(yTrue: Tensor([1, 0]), yPred: Tensor([[0.5], [0.25]]))
        assertTensorsClose(loss, Tensor([0.25, 0.0625]))
    }

    func testBinaryCrossentropyCourseValues() {
        // −log(0.99) and −log(0.001): clipping to [1e-7, 1 − 1e-7] leaves them unchanged.
        XCTAssertEqual(lossValue(.binaryCrossentropy, Tensor([[1]]), Tensor([[0.99]])), 0.01005, accuracy: 1e-5)
        XCTAssertEqual(lossValue(.binaryCrossentropy, Tensor([[1]]), Tensor([[0.001]])), 6.9078, accuracy: 1e-4)
    }

    func testBinaryCrossentropyClipsCertainMistakes() {
        // p = 0 for y = 1 is clipped to 1e-7: −log(1e-7) = 16.118.
        XCTAssertEqual(lossValue(.binaryCrossentropy, Tensor([[1]]), Tensor([[0]])), 16.118, accuracy: 1e-2)
        XCTAssertTrue(lossValue(.binaryCrossentropy, Tensor([[0]]), Tensor([[1]])).isFinite)
    }

    func testBinaryCrossentropyValues() {
        assertTensorsClose(BinaryCrossentropy().perSampleLoss(yTrue: yTrue, yPred: yPred),
                           Tensor([0.28990925, 0.30809307, 0.45814537]))
    }

    func testBinaryCrossentropyFromLogits() {
        let x = Tensor([[2.0, -1.0], [0.5, -3.0]]), y = Tensor([[1, 0], [0, 1]])
        assertTensorsClose(BinaryCrossentropy(fromLogits: true).perSampleLoss(yTrue: y, yPred: x),
                           Tensor([0.22009485, 2.01133217]))
        // Equal to the probability version on sigmoid outputs.
        XCTAssertEqual(lossValue(.binaryCrossentropy(fromLogits: true), y, x),
                       lossValue(.binaryCrossentropy, y, sigmoid(x)), accuracy: 1e-5)
        // Stable for large logits.
        XCTAssertEqual(lossValue(.binaryCrossentropy(fromLogits: true), Tensor([[0]]), Tensor([[100]])), 100, accuracy: 1e-3)
    }

    func testCategoricalCrossentropy() {
        let y = Tensor([[0, 1, 0], [1, 0, 0]])
        let p = Tensor([[0.2, 0.7, 0.1], [0.1, 0.3, 0.6]])
        // −log 0.7, −log 0.1
        assertTensorsClose(CategoricalCrossentropy().perSampleLoss(yTrue: y, yPred: p), Tensor([0.35667494, 2.30258509]))
        // Rows are rescaled to sum to 1 first, as Keras does.
        assertTensorsClose(CategoricalCrossentropy().perSampleLoss(yTrue: y, yPred: p * 2), Tensor([0.35667494, 2.30258509]))
    }

    func testCategoricalCrossentropyFromLogits() {
        let y = Tensor([[0, 1, 0], [1, 0, 0]])
        let x = Tensor([[1.0, 3.0, -2.0], [0.5, 0.0, 4.0]])
        XCTAssertEqual(lossValue(.categoricalCrossentropy(fromLogits: true), y, x),
                       lossValue(.categoricalCrossentropy, y, softmax(x)), accuracy: 1e-5)
    }

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

    func testKLDivergence() {
        let y = Tensor([[0.2, 0.8], [0.5, 0.5]]), p = Tensor([[0.4, 0.6], [0.9, 0.1]])
        assertTensorsClose(KLDivergence().perSampleLoss(yTrue: y, yPred: p), Tensor([0.09151622, 0.51082562]))
        XCTAssertEqual(lossValue(.kullbackLeiblerDivergence, y, p), 0.30117092, accuracy: 1e-6)
        XCTAssertEqual(lossValue(.kullbackLeiblerDivergence, y, y), 0, accuracy: 1e-6)
    }

    func testHingeConvertsBinaryLabels() {
        // {0,1} labels become {−1,1}: rows mean(max(1 − t·p, 0)) = (1.3 + 0.2)/2, (1.5 + 0)/2.
        let y = Tensor([[0, 1], [1, 0]]), p = Tensor([[0.3, 0.8], [-0.5, -2.0]])
        assertTensorsClose(Hinge().perSampleLoss(yTrue: y, yPred: p), Tensor([0.75, 0.75]))
        assertTensorsClose(Hinge().perSampleLoss(yTrue: 2 * y - 1, yPred: p), Tensor([0.75, 0.75]))
    }

    func testHuber() {
        // errors (0.5, −1.5) → 0.125, 1.0; (−2, −0.25) → 1.5, 0.03125
        let y = Tensor([[0, 1.5], [2, -1]]), p = Tensor([[0.5, 0], [0, -1.25]])
        assertTensorsClose(Huber().perSampleLoss(yTrue: y, yPred: p), Tensor([0.5625, 0.765625]))
        XCTAssertEqual(lossValue(.huber, y, p), 0.6640625, accuracy: 1e-6)
        // δ = 2: |e| = 1.5 stays quadratic (1.125); |e| = 2 is 0.5·4 = 2.
        XCTAssertEqual(Huber(delta: 2).perSampleLoss(yTrue: y, yPred: p).scalars[0], (0.125 + 1.125) / 2, accuracy: 1e-6)
    }

    func testCustomLoss() {
        let perSample = CustomLoss(name: "sse") { t, p in square(p - t).sum(axis: 1) }
        XCTAssertEqual(perSample.name, "sse")
        assertTensorsClose(perSample.perSampleLoss(yTrue: yTrue, yPred: yPred), Tensor([0.13, 0.17, 0.29]))
        let scalar = CustomLoss { t, p in abs(p - t).mean() }
        XCTAssertEqual(scalar(yTrue, yPred).scalar, 0.2833333, accuracy: 1e-6)
    }

    func testNames() {
        XCTAssertEqual(lossNamed(.meanSquaredError).name, "mean_squared_error")
        XCTAssertEqual(lossNamed(.sparseCategoricalCrossentropy).name, "sparse_categorical_crossentropy")
        XCTAssertEqual(lossNamed(.kullbackLeiblerDivergence).name, "kl_divergence")
        XCTAssertEqual(lossNamed(.huber).name, "huber_loss")
        XCTAssertTrue((lossNamed(.binaryCrossentropy(fromLogits: true)) as? BinaryCrossentropy)?.fromLogits == true)
    }
}
