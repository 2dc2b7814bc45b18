import DL
import DLTestSupport
import XCTest

/// The functional API (Keras `Model(inputs, outputs)`): several inputs and outputs, nested
/// models, shared layers, `layer.input`/`layer.output`, and the graphs that cannot run.
final class ModelTests: XCTestCase {
    private let x = Tensor(shape: [5, 3], scalars: (0..<15).map { Float($0) / 10 - 0.7 })

    func testALayerCalledTwiceSharesItsWeights() throws {
        let a = Input(shape: [3]), b = Input(shape: [3])
        let shared = Dense(2, name: "twin")
        let left = shared(a), right = shared(b)
        let model = Model(inputs: [a, b], outputs: [left, right])
        XCTAssertNil(model.graphError)
        XCTAssertEqual(model.weights.count, 2, "one kernel and one bias, however many calls")
        XCTAssertEqual(model.countParams(), 8)
        XCTAssertEqual([left.nodeIndex, right.nodeIndex], [0, 1])
        let outputs = try model.predictOutputs([x, x * 2])
        assertTensorsClose(outputs[0], shared(x))
        assertTensorsClose(outputs[1], shared(x * 2))
        // Training moves the one set of weights both calls use.
        model.compile(optimizer: SGD(learningRate: 0.1), loss: .meanSquaredError)
        let before = shared.weights[0].value
        try model.fit(x: [x, x], y: [Tensor.zeros([5, 2]), Tensor.ones([5, 2])], verbose: 0)
        XCTAssertNotEqual(shared.weights[0].value, before)
        XCTAssertEqual(model.trainableWeights.count, 2)
    }

    func testSeveralInputsToOneOutput() throws {
        let a = Input(shape: [3]), b = Input(shape: [2])
        let merged = Concat()([Dense(4, name: "left")(a), Dense(4, name: "right")(b)])
        let model = Model(inputs: [a, b], outputs: Dense(1, name: "head")(merged))
        XCTAssertEqual(model.inputs.count, 2)
        XCTAssertEqual(try model.predict([x, Tensor.ones([5, 2])]).shape, [5, 1])
        model.compile(optimizer: SGD(), loss: .meanSquaredError)
        let logs = try model.evaluate(x: [x, Tensor.ones([5, 2])], y: Tensor.zeros([5, 1]))
        XCTAssertEqual(Array(logs.keys), ["loss"])
        XCTAssertTrue(model.summaryTable().contains("Connected to"))
    }

    func testANestedModelWithSeveralOutputsIsWiredByCallOutputs() throws {
        let input = Input(shape: [3])
        let inner = Model(inputs: input, outputs: [Dense(2, name: "p")(input), Dense(1, name: "q")(input)], name: "inner")
        let outerInput = Input(shape: [3])
        let wired = inner.callOutputs([outerInput])
        XCTAssertEqual(wired.map(\.shape), [[2], [1]])
        XCTAssertEqual(wired.map(\.outputIndex), [0, 1])
        let outer = Model(inputs: outerInput, outputs: [Dense(1, name: "after_p")(wired[0]), wired[1]], name: "outer")
        XCTAssertNil(outer.graphError)
        XCTAssertEqual(outer.weights.count, 6)
        let results = try outer.predictOutputs([x])
        let innerResults = try inner.predictOutputs([x])
        assertTensorsClose(results[1], innerResults[1])
        assertTensorsClose(results[0], outer.layer(named: "after_p")!(innerResults[0]))
        // Calling it as if it had one output is an error naming it.
        let single = inner(Input(shape: [3]))
        XCTAssertTrue("\(single.error.map { "\($0)" } ?? "")".contains("has 2 outputs; call callOutputs(_:)"))
        XCTAssertTrue(outer.summaryTable().contains("[(None, 2), (None, 1)]"), outer.summaryTable())
    }

    func testAFrozenNestedModelIsNotTrainedAndATrainableOneIs() throws {
        for frozen in [true, false] {
            let input = Input(shape: [3])
            let base = Model(inputs: input, outputs: Dense(4, activation: .relu, name: "base_dense")(input), name: "base")
            base.trainable = !frozen
            let outerInput = Input(shape: [3])
            let model = Model(inputs: outerInput, outputs: Dense(1, name: "top")(base(outerInput)))
            XCTAssertEqual(model.weights.count, 4)
            XCTAssertEqual(model.trainableWeights.count, frozen ? 2 : 4)
            let baseBefore = base.weights.map(\.value), topBefore = model.layer(named: "top")!.weights.map(\.value)
            model.compile(optimizer: SGD(learningRate: 0.1), loss: .meanSquaredError)
            try model.fit(x: x, y: Tensor.ones([5, 1]), verbose: 0)
            XCTAssertEqual(base.weights.map(\.value) == baseBefore, frozen)
            XCTAssertNotEqual(model.layer(named: "top")!.weights.map(\.value), topBefore)
            XCTAssertTrue(model.summaryTable().contains("Non-trainable params: \(frozen ? 16 : 0)"), model.summaryTable())
        }
    }

    func testLayerOutputGivesFeatureExtraction() throws {
        let model = Sequential([InputLayer(shape: [3]), Dense(4, activation: .relu, name: "features"), Dense(2, name: "logits")])
        let features = try XCTUnwrap(model.layers[0].output)
        XCTAssertTrue(model.layers[0].input === model.inputs[0])
        XCTAssertTrue(model.layers[1].input === features)
        let extractor = Model(inputs: model.inputs, outputs: model.layers[0].output!)
        XCTAssertEqual(extractor.weights.count, 2)
        XCTAssertTrue(extractor.weights[0] === model.weights[0], "the extractor shares the model's weights")
        assertTensorsClose(try extractor.predict(x), model.layers[0](x))
        XCTAssertNil(Dense(2).output, "a layer never called in a graph has no output")
    }

    func testAnOutputThatDoesNotUseAnInputIsAnErrorNamingIt() {
        let a = Input(shape: [3], name: "used"), b = Input(shape: [3], name: "unused")
        let model = Model(inputs: [a, b], outputs: Dense(1)(a))
        XCTAssertThrowsError(try model.predict([x, x])) { error in
            XCTAssertEqual("\(error)", "model graph: no output depends on input 'unused' (None, 3). Received: outputs ['\(model.outputs[0].layer.name)']")
        }
        XCTAssertThrowsError(try model.fit(x: [x, x], y: Tensor.ones([5, 1]), verbose: 0))
    }

    func testAnOutputComputedFromAnInputNotGivenIsAnErrorNamingIt() {
        let a = Input(shape: [3], name: "given"), b = Input(shape: [3], name: "forgotten")
        let model = Model(inputs: a, outputs: Concat()([Dense(1)(a), Dense(1)(b)]))
        XCTAssertThrowsError(try model.predict(x)) { error in
            XCTAssertTrue("\(error)".contains("input 'forgotten' is needed by the outputs but is not one of the model's inputs"), "\(error)")
        }
    }
}

/// A two-input concatenation along the last axis, for these tests (the merge layers have their own).
private final class Concat: Layer {
    override func build(inputShapes: [[Int]]) throws {}

    override func computeOutputShape(_ inputShapes: [[Int]]) throws -> [Int] {
        [inputShapes.map { $0.last ?? 0 }.reduce(0, +)]
    }

    override func call(_ inputs: [Tensor], training: Bool) -> Tensor { concatenate(inputs, axis: -1) }
}
