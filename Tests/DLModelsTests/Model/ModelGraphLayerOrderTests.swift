import DL
import DLTestSupport
import XCTest

/// `Model.layers` of branching functional models lists the layers in Keras 3.15's order
/// (`Tests/Fixtures/Keras/layer_order/functional.json`, written by `generate_layer_order.py`): by depth
/// from the outputs, deepest first, then by first visit from the outputs. The graph still runs.
final class ModelGraphLayerOrderTests: XCTestCase {
    private func kerasOrder(_ name: String) throws -> [String] {
        let json = try KerasFixtures.load("layer_order", "functional.json")
        return try XCTUnwrap(json[name]?.arrayValue, "layer_order/functional.json: no \(name)").map { try XCTUnwrap($0.stringValue) }
    }

    private func dense(_ units: Int, _ name: String) -> Dense { Dense(units, name: name) }

    /// Checks the names, that `weights` follow the layers, and that `predict` runs.
    private func assertKerasOrder(_ model: Model, _ name: String, inputs: [[Int]], file: StaticString = #filePath,
                                  line: UInt = #line) throws {
        XCTAssertNil(model.graphError, file: file, line: line)
        XCTAssertEqual(model.layers.map(\.name), try kerasOrder(name), name, file: file, line: line)
        XCTAssertTrue(model.weights.elementsEqual(model.layers.flatMap(\.weights), by: ===), "\(name): weights in layer order",
                      file: file, line: line)
        let x = inputs.enumerated().map { Tensor.randomNormal([2] + $1, seed: UInt64($0 + 1)) }
        XCTAssertEqual(try model.predict(x).shape.first, 2, name, file: file, line: line)
    }

    func testTwoBranchesMergedByAdd() throws {
        let x = Input(shape: [4], name: "in")
        let a = dense(3, "a3")(dense(5, "a2")(dense(6, "a1")(x)))
        let b = dense(3, "b1")(x)
        let model = Model(inputs: x, outputs: dense(2, "out")(Add(name: "add")([a, b])))
        try assertKerasOrder(model, "branches_add", inputs: [[4]])
    }

    func testShortBranchFirstMergedByConcatenate() throws {
        let x = Input(shape: [4], name: "in")
        let short = dense(3, "s1")(x)
        let long = dense(2, "l3")(dense(5, "l2")(dense(6, "l1")(x)))
        let merged = Concatenate(name: "concat")([short, long])
        let model = Model(inputs: x, outputs: dense(1, "out")(dense(4, "head")(merged)))
        try assertKerasOrder(model, "branches_concatenate", inputs: [[4]])
    }

    func testTwoInputsWithBranchesOfDifferentLengths() throws {
        let a = Input(shape: [4], name: "in_a"), b = Input(shape: [3], name: "in_b")
        let left = dense(5, "a2")(dense(6, "a1")(a))
        let right = dense(2, "b1")(b)
        let model = Model(inputs: [a, b], outputs: [dense(1, "out")(Concatenate(name: "concat")([left, right]))])
        try assertKerasOrder(model, "two_inputs", inputs: [[4], [3]])
    }

    /// A shared layer takes the largest depth of its calls.
    func testTwoInputsThroughASharedLayer() throws {
        let a = Input(shape: [4], name: "left"), b = Input(shape: [4], name: "right")
        let twin = dense(3, "twin")
        let diff = Subtract(name: "diff")([twin(dense(4, "pre")(a)), twin(b)])
        let model = Model(inputs: [a, b], outputs: [dense(1, "out")(diff)])
        try assertKerasOrder(model, "two_inputs_shared", inputs: [[4], [4]])
    }

    func testTwoOutputsOfDifferentLengths() throws {
        let x = Input(shape: [4], name: "in")
        let trunk = dense(6, "trunk")(x)
        let short = dense(1, "short")(trunk)
        let long = dense(2, "long2")(dense(3, "long1")(trunk))
        let model = Model(inputs: [x], outputs: [short, long])
        XCTAssertNil(model.graphError)
        XCTAssertEqual(model.layers.map(\.name), try kerasOrder("two_outputs"))
        let outputs = try model.predictOutputs([Tensor.randomNormal([2, 4], seed: 1)])
        XCTAssertEqual(outputs.map(\.shape), [[2, 1], [2, 2]])
    }

    /// A chain keeps its order: the inputs first, then each layer as called.
    func testChainKeepsCallOrder() throws {
        let x = Input(shape: [4], name: "in")
        let model = Model(inputs: x, outputs: dense(1, "c")(dense(2, "b")(dense(3, "a")(x))))
        XCTAssertEqual(model.layers.map(\.name), ["in", "a", "b", "c"])
    }
}
