import DL
import DLTestSupport
import XCTest

final class BidirectionalTests: XCTestCase {
    func testConformance() {
        let names = ["kernel", "recurrent_kernel", "bias", "kernel", "recurrent_kernel", "bias"]
        assertLayerConforms({ Bidirectional(LSTM(2)) }, inputShape: [3, 2], weightNames: names, paramCount: 2 * 4 * (2 * 2 + 2 * 2 + 2))
        assertLayerConforms({ Bidirectional(GRU(2, returnSequences: true), mergeMode: .sum) }, inputShape: [3, 2], weightNames: names)
        assertLayerConforms({ Bidirectional(SimpleRNN(2, returnSequences: true), mergeMode: .ave) }, inputShape: [4, 2], weightNames: names)
        assertLayerConforms({ Bidirectional(LSTM(2), mergeMode: .mul) }, inputShape: [3, 2], weightNames: names)
    }

    /// Keras's layout: forward_<name> and backward_<name> (go_backwards), the backward sequence
    /// turned back into input order before the merge.
    func testCopiesAndOrder() throws {
        let inner = GRU(2, returnSequences: true, name: "encoder")
        let layer = Bidirectional(inner)
        let x = Tensor.randomUniform([1, 3, 2], min: -1, max: 1, seed: 7)
        let y = layer(x)
        XCTAssertEqual(y.shape, [1, 3, 4])
        XCTAssertEqual([layer.forwardLayer.name, layer.backwardLayer.name], ["forward_encoder", "backward_encoder"])
        XCTAssertTrue(layer.backwardLayer.goBackwards)
        let backward = layer.backwardLayer(x).reversed(axis: 1)
        assertTensorsClose(y.slice(axis: 2, 2..<4), backward, accuracy: 0)
        assertTensorsClose(y.slice(axis: 2, 0..<2), layer.forwardLayer(x), accuracy: 0)
    }

    func testStatesAndTheirGradients() throws {
        let layer = Bidirectional(LSTM(2, returnState: true))
        let x = Tensor.randomUniform([2, 3, 2], min: -1, max: 1, seed: 8)
        _ = layer(x)
        XCTAssertEqual(layer.callOutputs([x], training: false).map(\.shape), [[2, 4], [2, 2], [2, 2], [2, 2], [2, 2]])
        RecurrentFixtures.assertAllOutputGradients(layer, input: x)
    }

    func testNonRecurrentLayerIsAClearError() {
        XCTAssertThrowsError(try Bidirectional(Dense(2)).buildIfNeeded([[3, 2]])) { error in
            XCTAssertTrue("\(error)".contains("Received: Dense"), "\(error)")
        }
    }

    func testOutputsEqualKeras() throws {
        try RecurrentFixtures.assertMatchKeras(prefix: "bidirectional_", atLeast: 5)
    }
}
