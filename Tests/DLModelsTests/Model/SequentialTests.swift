import DL
import DLTestSupport
import XCTest

final class SequentialTests: XCTestCase {
    /// A small separable problem: the class is whether x0 + x1 > 0.
    private func toyData(_ count: Int) -> (x: Tensor, y: Tensor) {
        let x = Tensor.randomNormal([count, 2], seed: 7)
        let labels = (0..<count).map { i -> Float in x.scalars[2 * i] + x.scalars[2 * i + 1] > 0 ? 1 : 0 }
        return (x, Tensor(labels))
    }

    func testDeclaredInputShapeBuildsTheGraphAtOnce() throws {
        let model = Sequential([Dense(4, activation: .relu, inputShape: [3]), Dense(2)])
        XCTAssertEqual(model.inputs.map(\.shape), [[3]])
        XCTAssertEqual(model.outputs.map(\.shape), [[2]])
        XCTAssertEqual(model.countParams(), 3 * 4 + 4 + 4 * 2 + 2)
        XCTAssertEqual(model.layers.count, 2)
        XCTAssertEqual(model.weights.map(\.name), ["kernel", "bias", "kernel", "bias"])
    }

    func testDeferredInputShapeIsTakenFromTheFirstData() throws {
        let model = Sequential()
        model.add(Dense(3))
        model.add(Dense(1))
        XCTAssertTrue(model.inputs.isEmpty)
        let y = try model.predict(Tensor.ones([5, 4]))
        XCTAssertEqual(y.shape, [5, 1])
        XCTAssertEqual(model.countParams(), 4 * 3 + 3 + 3 + 1)
    }

    func testPopRemovesTheTopLayer() {
        let model = Sequential([Dense(4, inputShape: [3]), Dense(2)])
        model.pop()
        XCTAssertEqual(model.layers.count, 1)
        XCTAssertEqual(model.outputs.map(\.shape), [[4]])
    }

    func testFitLearnsASeparableProblemAndReportsKerasLogKeys() throws {
        Random.seed(1)
        let (x, y) = toyData(512)
        let model = Sequential([Dense(8, activation: .relu, inputShape: [2]), Dense(1, activation: .sigmoid)])
        model.compile(optimizer: Adam(learningRate: 0.05), loss: .binaryCrossentropy, metrics: [.accuracy])
        let history = try model.fit(x: x, y: y.reshaped([-1, 1]), batchSize: 32, epochs: 8, verbose: 0, validationSplit: 0.25)
        XCTAssertEqual(Set(history.history.keys), ["loss", "accuracy", "val_loss", "val_accuracy"])
        XCTAssertEqual(history.history["loss"]?.count, 8)
        let losses = try XCTUnwrap(history.history["loss"])
        XCTAssertLessThan(losses.last!, losses.first!)
        let results = try model.evaluate(x: x, y: y.reshaped([-1, 1]))
        XCTAssertGreaterThan(results["accuracy"] ?? 0, 0.95)
    }

    func testTrainOnBatchReturnsLossAndMetrics() throws {
        let (x, y) = toyData(64)
        let model = Sequential([Dense(1, activation: .sigmoid, inputShape: [2])])
        model.compile(optimizer: SGD(learningRate: 0.1), loss: .binaryCrossentropy, metrics: [.accuracy])
        let logs = try model.trainOnBatch(x: x, y: y.reshaped([-1, 1]))
        XCTAssertEqual(Set(logs.keys), ["loss", "accuracy"])
        XCTAssertTrue(logs["loss"]!.isFinite)
    }

    func testSameSeedGivesIdenticalWeightsAndLosses() throws {
        func run() throws -> ([Float], [Float]) {
            Random.seed(1234)
            let (x, y) = toyData(256)
            let model = Sequential([Dense(8, activation: .relu, inputShape: [2]), Dropout(0.2), Dense(1, activation: .sigmoid)])
            model.compile(optimizer: Adam(), loss: .binaryCrossentropy)
            let history = try model.fit(x: x, y: y.reshaped([-1, 1]), batchSize: 16, epochs: 3, verbose: 0)
            return (history.history["loss"] ?? [], model.weights.flatMap { $0.storedValue.scalars })
        }
        let (lossesA, weightsA) = try run()
        let (lossesB, weightsB) = try run()
        XCTAssertEqual(lossesA, lossesB)
        XCTAssertEqual(weightsA, weightsB)
    }

    func testRegularizationPenaltyIsAddedToTheLoss() throws {
        let model = Sequential([Dense(2, kernelInitializer: .ones, kernelRegularizer: .l2(0.5), inputShape: [2])])
        model.compile(optimizer: SGD(learningRate: 0), loss: .meanSquaredError)
        let x = Tensor.zeros([4, 2]), y = Tensor.zeros([4, 2])
        // Predictions are all 0 (zero input, zero bias), so the loss is the penalty 0.5 · Σ 1² = 2.
        let logs = try model.evaluate(x: x, y: y)
        XCTAssertEqual(logs["loss"] ?? 0, 2, accuracy: 1e-6)
    }

    // MARK: - Bad input throws DLError

    func testFitBeforeCompileThrows() {
        let model = Sequential([Dense(1, inputShape: [2])])
        XCTAssertThrowsError(try model.fit(x: .zeros([4, 2]), y: .zeros([4, 1]), verbose: 0)) { error in
            XCTAssertTrue("\(error)".contains("compile"), "\(error)")
        }
    }

    func testSampleCountMismatchThrows() {
        let model = Sequential([Dense(1, inputShape: [2])])
        model.compile(optimizer: SGD(), loss: .meanSquaredError)
        XCTAssertThrowsError(try model.fit(x: .zeros([4, 2]), y: .zeros([3, 1]), verbose: 0)) { error in
            XCTAssertTrue("\(error)".contains("fit") && "\(error)".contains("different sample counts: 4 and 3"), "\(error)")
        }
    }

    func testInputShapeThatDoesNotFitThrows() {
        let model = Sequential([Dense(1, inputShape: [2])])
        model.compile(optimizer: SGD(), loss: .meanSquaredError)
        XCTAssertThrowsError(try model.fit(x: .zeros([4, 3]), y: .zeros([4, 1]), verbose: 0)) { error in
            XCTAssertTrue("\(error)".contains("[4, 3]"), "\(error)")
        }
        XCTAssertThrowsError(try model.predict(.zeros([4, 5])))
    }

    func testLabelsThatDoNotFitTheOutputThrow() {
        let model = Sequential([Dense(10, activation: .softmax, inputShape: [2])])
        model.compile(optimizer: SGD(), loss: .categoricalCrossentropy)
        XCTAssertThrowsError(try model.fit(x: .zeros([4, 2]), y: .zeros([4]), verbose: 0)) { error in
            XCTAssertTrue("\(error)".contains("(None, 10)"), "\(error)")
        }
        model.compile(optimizer: SGD(), loss: .sparseCategoricalCrossentropy)
        XCTAssertThrowsError(try model.fit(x: .zeros([2, 2]), y: Tensor([3, 12]), verbose: 0)) { error in
            XCTAssertTrue("\(error)".contains("12"), "\(error)")
        }
    }

    func testShapeErrorInTheGraphSurfacesFromFit() {
        let model = Sequential([Conv2D(4, kernelSize: 5, inputShape: [3, 3, 1])])
        model.compile(optimizer: SGD(), loss: .meanSquaredError)
        XCTAssertThrowsError(try model.fit(x: .zeros([1, 3, 3, 1]), y: .zeros([1, 1]), verbose: 0)) { error in
            XCTAssertTrue("\(error)".contains("conv2d"), "\(error)")
        }
    }
}
