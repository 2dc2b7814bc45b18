import DL
import DLTestSupport
import XCTest

/// A softmax layer that provides its logits and counts how training and inference call it.
final class LogitsProbe: Layer {
    private(set) var plainCalls = 0
    private(set) var logitsCalls = 0

    override var providesLogits: Bool { true }

    override func call(_ input: Tensor, training: Bool) -> Tensor {
        plainCalls += 1
        return softmax(input, axis: -1)
    }

    override func callLogits(_ input: Tensor, training: Bool) -> Tensor? {
        logitsCalls += 1
        return input
    }
}

/// What `compile` decides (`TrainingPlan`): the softmax-on-logits fusion applies to an output
/// layer that provides logits with a loss that has a logits form, and is decided again when a
/// `Sequential`'s graph is built later.
final class TrainingPlanTests: XCTestCase {
    private let x = Tensor(shape: [6, 3], scalars: (0..<18).map { Float(($0 * 5) % 7) / 7 })
    private let y = Tensor([0, 1, 2, 0, 1, 2])

    private func probeModel(_ probe: LogitsProbe) -> Model {
        Random.seed(2)
        let input = Input(shape: [3])
        return Model(inputs: input, outputs: probe(Dense(3)(input)))
    }

    func testCrossEntropyTrainsOnTheLogitsOfALayerThatProvidesThem() throws {
        for loss in [Loss](arrayLiteral: SparseCategoricalCrossentropy(), CategoricalCrossentropy()) {
            let probe = LogitsProbe()
            let model = probeModel(probe)
            model.compile(optimizer: SGD(learningRate: 0.1), loss: loss)
            let labels = loss is CategoricalCrossentropy ? toCategorical(y, numClasses: 3) : y
            try model.fit(x: x, y: labels, batchSize: 2, epochs: 1, verbose: 0)
            XCTAssertEqual(probe.logitsCalls, 3, loss.name)
            XCTAssertEqual(probe.plainCalls, 0, "\(loss.name): training runs the logits only")
            _ = try model.evaluate(x: x, y: labels, batchSize: 6)
            XCTAssertEqual(probe.plainCalls, 1, "\(loss.name): evaluation runs the softmax")
            XCTAssertEqual(probe.logitsCalls, 3)
        }
    }

    func testOtherLossesAndLogitsLossesDoNotFuse() throws {
        let cases: [(Loss, Tensor)] = [
            (MeanSquaredError(), toCategorical(y, numClasses: 3)),
            (SparseCategoricalCrossentropy(fromLogits: true), y),
        ]
        for (loss, labels) in cases {
            let probe = LogitsProbe()
            let model = probeModel(probe)
            model.compile(optimizer: SGD(), loss: loss)
            try model.fit(x: x, y: labels, batchSize: 3, epochs: 1, verbose: 0)
            XCTAssertEqual(probe.logitsCalls, 0, "\(loss)")
            XCTAssertEqual(probe.plainCalls, 2, "\(loss)")
        }
    }

    func testASequentialBuiltByItsFirstDataDecidesTheFusionThen() throws {
        let probe = LogitsProbe()
        let model = Sequential([Dense(3), probe])   // no input shape: the graph waits for data
        model.compile(optimizer: SGD(), loss: .sparseCategoricalCrossentropy)
        try model.fit(x: x, y: y, batchSize: 6, epochs: 2, verbose: 0)
        XCTAssertEqual(probe.logitsCalls, 2)
        XCTAssertEqual(probe.plainCalls, 0)
    }

    func testAddingALayerAfterCompileDecidesAgain() throws {
        let probe = LogitsProbe()
        let model = Sequential([Dense(3, inputShape: [3]), probe])
        model.compile(optimizer: SGD(), loss: .sparseCategoricalCrossentropy)
        model.add(ActivationLayer(.linear))   // the output layer no longer provides logits
        try model.fit(x: x, y: y, batchSize: 6, epochs: 1, verbose: 0)
        XCTAssertEqual(probe.logitsCalls, 0)
        XCTAssertEqual(probe.plainCalls, 1)
        model.pop()
        try model.fit(x: x, y: y, batchSize: 6, epochs: 1, verbose: 0)
        XCTAssertEqual(probe.logitsCalls, 1)
    }

    func testCompileResolvesTheMetricsAndExposesTheOptimizer() {
        let model = probeModel(LogitsProbe())
        XCTAssertNil(model.optimizer)
        let optimizer = Adam()
        model.compile(optimizer: optimizer, loss: .sparseCategoricalCrossentropy, metrics: [.accuracy])
        XCTAssertTrue(model.optimizer === optimizer)
        XCTAssertEqual(model.loss?.name, "sparse_categorical_crossentropy")
        XCTAssertEqual((model.compiledMetrics.first as? Accuracy)?.kind, .sparseCategorical)
    }
}
