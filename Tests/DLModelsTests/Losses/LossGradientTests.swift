import DL
import DLTestSupport
import XCTest

/// Finite-difference checks of every loss's gradient with respect to the predictions.
final class LossGradientTests: XCTestCase {
    private func check(_ loss: Loss, yTrue: Tensor, yPred: Tensor, file: StaticString = #filePath, line: UInt = #line) {
        let prediction = Variable(yPred, name: "yPred")
        GradientCheck.assertGradientsMatch(of: { loss(yTrue, prediction.value) }, wrt: [prediction],
                                           epsilon: 1e-3, tolerance: 2e-2, loss.name, file: file, line: line)
    }

    let probabilities = Tensor([[0.2, 0.7, 0.1], [0.1, 0.3, 0.6]])
    let oneHot = Tensor([[0, 1, 0], [1, 0, 0]])
    let logits = Tensor([[1.0, 3.0, -2.0], [0.5, 0.0, 4.0]])

    func testRegressionLosses() {
        let y = Tensor([[0, 1.5], [2, -1]]), p = Tensor([[0.5, 0.1], [0.3, -1.25]])
        check(MeanSquaredError(), yTrue: y, yPred: p)
        check(MeanAbsoluteError(), yTrue: y, yPred: p)
        check(Huber(), yTrue: y, yPred: p)
        check(Huber(delta: 0.5), yTrue: y, yPred: p)
        check(Hinge(), yTrue: Tensor([[0, 1], [1, 0]]), yPred: p)
    }

    func testBinaryCrossentropy() {
        let y = Tensor([[0, 1], [1, 0]]), p = Tensor([[0.2, 0.7], [0.9, 0.4]])
        check(BinaryCrossentropy(), yTrue: y, yPred: p)
        check(BinaryCrossentropy(labelSmoothing: 0.1), yTrue: y, yPred: p)
        check(BinaryCrossentropy(fromLogits: true), yTrue: y, yPred: Tensor([[2.0, -1.0], [0.5, -3.0]]))
    }

    func testCategoricalLosses() {
        check(CategoricalCrossentropy(), yTrue: oneHot, yPred: probabilities)
        check(CategoricalCrossentropy(fromLogits: true), yTrue: oneHot, yPred: logits)
        check(CategoricalCrossentropy(fromLogits: true, labelSmoothing: 0.2), yTrue: oneHot, yPred: logits)
        check(KLDivergence(), yTrue: Tensor([[0.2, 0.5, 0.3], [0.5, 0.25, 0.25]]), yPred: probabilities)
    }

    func testSparseCategoricalCrossentropy() {
        check(SparseCategoricalCrossentropy(), yTrue: Tensor([1, 0]), yPred: probabilities)
        check(SparseCategoricalCrossentropy(), yTrue: Tensor([1, 2]), yPred: probabilities * 1.5)   // unnormalized rows
        check(SparseCategoricalCrossentropy(fromLogits: true), yTrue: Tensor([[1], [2]]), yPred: logits)
    }

    func testCustomLoss() {
        check(CustomLoss(name: "cube") { t, p in (p - t) * square(p - t) }, yTrue: oneHot, yPred: probabilities)
    }
}
