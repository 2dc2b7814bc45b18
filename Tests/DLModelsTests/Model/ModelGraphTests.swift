import DL
import XCTest

/// The graph runner lets each intermediate value go after its last reader: outputs, values read
/// by several layers and shared layers must still see the right tensors.
final class ModelGraphTests: XCTestCase {
    func testIntermediateOutputsAndSharedLayersKeepTheirValues() throws {
        Random.seed(5)
        let input = Input(shape: [3])
        let shared = Dense(3, activation: .tanh)
        let first = shared(input)                 // read by `second`, `head` and returned as an output
        let second = shared(first)                // the shared layer called again
        let head = Dense(2)
        let output = head(second)
        let side = Dense(1)(first)
        let model = Model(inputs: [input], outputs: [output, first, side])
        let x = Tensor(shape: [4, 3], scalars: (0..<12).map { Float($0) / 6 - 1 })

        let results = withoutGradients { model.callAllOutputs([x], training: false) }
        let expectedFirst = shared(x)
        XCTAssertEqual(results.count, 3)
        XCTAssertEqual(results[1], expectedFirst)
        XCTAssertEqual(results[0], head(shared(expectedFirst)))
        XCTAssertEqual(results[2].shape, [4, 1])
        // Running again gives the same values: nothing released is read later.
        XCTAssertEqual(withoutGradients { model.callAllOutputs([x], training: false) }, results)
    }

    func testEachNodeIsCalledWithOneTensorOrAListAsItsInputsSay() throws {
        let a = Input(shape: [2]), b = Input(shape: [2])
        let merge = CallRecorder(), plain = CallRecorder()
        let model = Model(inputs: [a, b], outputs: [plain(merge([a, b]))])
        let x = Tensor(shape: [3, 2], scalars: (0..<6).map(Float.init))
        let output = try model.predict([x, x * 2])
        XCTAssertEqual(output, x + x * 2)
        XCTAssertEqual([merge.listCalls, merge.singleCalls], [1, 0], "two inputs: the list call")
        XCTAssertEqual([plain.listCalls, plain.singleCalls], [0, 1], "one input: the single-tensor call")
    }
}

/// Adds its inputs; counts which `call` the graph runner used.
final class CallRecorder: Layer {
    private(set) var singleCalls = 0
    private(set) var listCalls = 0

    override func computeOutputShape(_ inputShapes: [[Int]]) throws -> [Int] { inputShapes[0] }

    override func build(inputShapes: [[Int]]) throws {}

    override func call(_ input: Tensor, training: Bool) -> Tensor {
        singleCalls += 1
        return input
    }

    override func call(_ inputs: [Tensor], training: Bool) -> Tensor {
        listCalls += 1
        return inputs.dropFirst().reduce(inputs[0], +)
    }
}
