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

    // MARK: - Keras 3's way of starting a Sequential: an InputLayer first

    func testInputLayerFirstDeclaresTheInputShape() throws {
        let model = Sequential([InputLayer(shape: [3]), Dense(4, activation: .relu), Dense(2)])
        let legacy = Sequential([Dense(4, activation: .relu, inputShape: [3]), Dense(2)])
        XCTAssertNil(model.graphError)
        XCTAssertEqual(model.inputs.map(\.shape), [[3]])
        XCTAssertEqual(model.outputs.map(\.shape), [[2]])
        XCTAssertEqual(model.layers.map { type(of: $0).kerasClassName }, ["Dense", "Dense"])   // as Keras: no InputLayer
        XCTAssertEqual(model.countParams(), legacy.countParams())
        XCTAssertEqual(model.weights.map(\.name), ["kernel", "bias", "kernel", "bias"])
        let table = model.summaryTable()
        XCTAssertFalse(table.contains("InputLayer"), table)
        XCTAssertTrue(table.contains("(None, 4)") && table.contains("(None, 2)"), table)
        XCTAssertTrue(table.contains("Total params: 26 (104.00 B)"), table)
    }

    func testInputLayerFirstFitsPredictsAndEvaluates() throws {
        Random.seed(1)
        let (x, y) = toyData(512)
        let model = Sequential([InputLayer(shape: [2]), Dense(8, activation: .relu), Dense(1, activation: .sigmoid)])
        model.compile(optimizer: Adam(learningRate: 0.05), loss: .binaryCrossentropy, metrics: [.accuracy])
        let history = try model.fit(x: x, y: y.reshaped([-1, 1]), batchSize: 32, epochs: 8, verbose: 0)
        let losses = try XCTUnwrap(history.history["loss"])
        XCTAssertLessThan(losses.last!, losses.first!)
        XCTAssertEqual(try model.predict(x[0..<5]).shape, [5, 1])
        let results = try model.evaluate(x: x, y: y.reshaped([-1, 1]))
        XCTAssertGreaterThan(results["accuracy"] ?? 0, 0.95)
        XCTAssertThrowsError(try model.predict(.zeros([4, 3]))) { error in   // the declared shape is checked
            XCTAssertTrue("\(error)".contains("[4, 3]"), "\(error)")
        }
    }

    func testInputLayerFirstAndLegacyInputShapeTrainTheSame() throws {
        func run(_ makeModel: () -> Sequential) throws -> [Float] {
            Random.seed(99)
            let (x, y) = toyData(128)
            let model = makeModel()
            model.compile(optimizer: SGD(learningRate: 0.1), loss: .binaryCrossentropy)
            return try model.fit(x: x, y: y.reshaped([-1, 1]), batchSize: 16, epochs: 2, verbose: 0).history["loss"] ?? []
        }
        let withInputLayer = try run { Sequential([InputLayer(shape: [2]), Dense(4, activation: .tanh), Dense(1, activation: .sigmoid)]) }
        let withInputShape = try run { Sequential([Dense(4, activation: .tanh, inputShape: [2]), Dense(1, activation: .sigmoid)]) }
        XCTAssertEqual(withInputLayer, withInputShape)
    }

    func testSequentialStartingWithInputLayerNests() throws {
        let inner = Sequential([InputLayer(shape: [2]), Dense(3, activation: .relu)], name: "inner")
        let head = Dense(1)
        let outer = Sequential([InputLayer(shape: [2]), inner, head])
        XCTAssertNil(outer.graphError)
        XCTAssertEqual(outer.outputs.map(\.shape), [[1]])
        XCTAssertEqual(outer.countParams(), 2 * 3 + 3 + 3 + 1)
        let x = Tensor.randomNormal([4, 2], seed: 5)
        XCTAssertEqual(try outer.predict(x), head(try inner.predict(x)))

        let input = Input(shape: [2])   // and inside a functional model
        let functional = Model(inputs: input, outputs: head(inner(input)))
        XCTAssertEqual(try functional.predict(x), try outer.predict(x))
        outer.compile(optimizer: SGD(learningRate: 0.1), loss: .meanSquaredError)
        let before = inner.weights[0].storedValue
        _ = try outer.fit(x: x, y: .ones([4, 1]), epochs: 1, verbose: 0)
        XCTAssertNotEqual(inner.weights[0].storedValue, before)   // the nested model's weights train
    }

    func testInputLayerAfterTheFirstLayerIsAGraphErrorThatFitReports() {
        let model = Sequential([InputLayer(shape: [2]), Dense(3), InputLayer(shape: [3]), Dense(1)], name: "twice")
        let error = model.graphError.map { "\($0)" } ?? ""
        XCTAssertTrue(error.contains("Sequential model 'twice': only the first layer can be an InputLayer"), error)
        XCTAssertTrue(error.contains("input shape (None, 2)") && error.contains("of shape [3] as layer 2"), error)
        model.compile(optimizer: SGD(), loss: .meanSquaredError)
        XCTAssertThrowsError(try model.fit(x: .zeros([4, 2]), y: .zeros([4, 1]), verbose: 0)) { error in
            XCTAssertTrue("\(error)".contains("only the first layer can be an InputLayer"), "\(error)")
        }
        let deferred = Sequential([Dense(3), InputLayer(shape: [3])])   // found once data gives the shape
        XCTAssertThrowsError(try deferred.predict(.zeros([4, 2]))) { error in
            XCTAssertTrue("\(error)".contains("only the first layer can be an InputLayer"), "\(error)")
        }
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
