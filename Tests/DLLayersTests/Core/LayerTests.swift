import DL
import XCTest

/// A layer with two outputs (its input and twice its input), as an LSTM with `returnState` has.
private final class TwoOutputs: Layer {
    override func computeOutputShapes(_ inputShapes: [[Int]]) throws -> [[Int]] { [inputShapes[0], inputShapes[0]] }
    override func call(_ input: Tensor, training: Bool) -> Tensor { input }
    override func callOutputs(_ inputs: [Tensor], training: Bool) -> [Tensor] { [inputs[0], inputs[0] * 2] }
}

/// The graph side of `Layer`: symbolic calls, their node and output indices, `callOutputs`,
/// `input`/`output`.
final class LayerTests: XCTestCase {
    func testSymbolicCallsAreNumberedAndTheFirstIsTheLayersInputAndOutput() {
        let dense = Dense(2)
        XCTAssertNil(dense.input)
        XCTAssertNil(dense.output)
        let a = Input(shape: [3]), b = Input(shape: [3])
        let first = dense(a), second = dense(b)
        XCTAssertEqual([first.nodeIndex, second.nodeIndex], [0, 1])
        XCTAssertEqual([first.outputIndex, first.outputCount], [0, 1])
        XCTAssertEqual(dense.symbolicCallCount, 2)
        XCTAssertTrue(dense.output === first)
        XCTAssertTrue(dense.input === a)
        XCTAssertTrue(a.layer.output === a, "an input layer's output is its input tensor")
    }

    func testCallOutputsGivesEveryOutputOfOneCall() {
        let layer = TwoOutputs()
        let outputs = layer.callOutputs([Input(shape: [4])])
        XCTAssertEqual(outputs.map(\.shape), [[4], [4]])
        XCTAssertEqual(outputs.map(\.outputIndex), [0, 1])
        XCTAssertEqual(outputs.map(\.nodeIndex), [0, 0])
        XCTAssertEqual(outputs.map(\.outputCount), [2, 2])
        let kept = layer(Input(shape: [4]))
        XCTAssertEqual(kept.error.map { "\($0)" }, "\(layer.errorContext): has 2 outputs; call callOutputs(_:) to wire "
            + "them all. Received: a call that keeps one output")
        // A layer with one output gives one tensor, eagerly too.
        XCTAssertEqual(Dense(2).callOutputs([Input(shape: [3])]).map(\.shape), [[2]])
        let dense = Dense(2)
        let x = Tensor.ones([1, 3])
        let expected = dense(x)   // builds it
        XCTAssertEqual(dense.callOutputs([x], training: false), [expected])
    }
}
