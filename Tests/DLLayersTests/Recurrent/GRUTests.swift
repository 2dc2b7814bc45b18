import DL
import DLTestSupport
import XCTest

final class GRUTests: XCTestCase {
    func testConformanceBothReturnSequencesAndResetSettings() {
        let names = ["kernel", "recurrent_kernel", "bias"]
        assertLayerConforms({ GRU(3) }, inputShape: [4, 2], weightNames: names, paramCount: 3 * (2 * 3 + 3 * 3 + 2 * 3))
        assertLayerConforms({ GRU(2, returnSequences: true) }, inputShape: [3, 3], weightNames: names)
        assertLayerConforms({ GRU(3, resetAfter: false) }, inputShape: [4, 2], weightNames: names, paramCount: 3 * (2 * 3 + 3 * 3 + 3))
        assertLayerConforms({ GRU(2, returnSequences: true, goBackwards: true, resetAfter: false) }, inputShape: [3, 3],
                            weightNames: names)
    }

    func testStatesAndTheirGradients() throws {
        let x = Tensor.randomUniform([2, 4, 3], min: -1, max: 1, seed: 3)
        for resetAfter in [true, false] {
            let layer = GRU(3, returnState: true, resetAfter: resetAfter)
            _ = layer(x)
            let outputs = layer.callOutputs([x], training: false)
            XCTAssertEqual(outputs.map(\.shape), [[2, 3], [2, 3]])
            assertTensorsClose(outputs[0], outputs[1], accuracy: 0, "the state is the last output")
            RecurrentFixtures.assertAllOutputGradients(layer, input: x)
        }
    }

    func testBiasShapes() {
        let after = GRU(2), before = GRU(2, resetAfter: false)
        _ = after(Tensor.zeros([1, 2, 3]))
        _ = before(Tensor.zeros([1, 2, 3]))
        XCTAssertEqual(after.weights.map(\.shape), [[3, 6], [2, 6], [2, 6]])
        XCTAssertEqual(before.weights.map(\.shape), [[3, 6], [2, 6], [6]])
        XCTAssertEqual(after.cell.name, "gru_cell")
    }

    func testOutputsEqualKeras() throws {
        try RecurrentFixtures.assertMatchKeras(prefix: "gru_", atLeast: 5)
    }
}
