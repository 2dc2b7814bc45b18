import DL
import XCTest

final class PerceptronTests: XCTestCase {
    /// The course's worked example, checked by hand: five epochs with updates, then a clean sixth.
    func testCourseExampleEndsAtWeightsOneTwoBiasMinusFour() {
        let x = Tensor([[-1, 2], [3, 0], [0, 4], [1, 5], [2, 2]])
        let y = Tensor([-1, -1, 1, 1, 1])
        let perceptron = Perceptron(learningRate: 1)
        perceptron.fit(x: x, y: y)

        XCTAssertEqual(perceptron.weights, Tensor([1, 2]))
        XCTAssertEqual(perceptron.bias, -4)
        XCTAssertEqual(perceptron.epochsRun, 6)
        XCTAssertEqual(perceptron.predict(x), y)
    }

    func testNonSeparableDataStopsAtMaxEpochs() {
        // XOR: no line separates it.
        let x = Tensor([[0, 0], [1, 1], [0, 1], [1, 0]])
        let y = Tensor([-1, -1, 1, 1])
        let perceptron = Perceptron(learningRate: 0.5, maxEpochs: 25)
        perceptron.fit(x: x, y: y)
        XCTAssertEqual(perceptron.epochsRun, 25)
        XCTAssertNotEqual(perceptron.predict(x), y)
    }

    /// By hand: epoch 1 updates on both samples (scores 0 and 0), w = -2, b = 0; epoch 2 is clean.
    /// Were the first fit's weights kept, the second fit would end elsewhere.
    func testRefitStartsFromZero() {
        let x = Tensor([[1], [-1]])
        let perceptron = Perceptron()
        perceptron.fit(x: x, y: Tensor([1, -1]))
        perceptron.fit(x: x, y: Tensor([-1, 1]))
        XCTAssertEqual(perceptron.weights, Tensor([-2]))
        XCTAssertEqual(perceptron.bias, 0)
        XCTAssertEqual(perceptron.epochsRun, 2)
        XCTAssertEqual(perceptron.predict(x), Tensor([-1, 1]))
    }
}
