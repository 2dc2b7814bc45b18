import DL
import DLTestSupport
import XCTest

final class LSTMTests: XCTestCase {
    func testConformanceBothReturnSequencesSettings() {
        assertLayerConforms({ LSTM(3) }, inputShape: [4, 2], weightNames: ["kernel", "recurrent_kernel", "bias"], paramCount: 72)
        assertLayerConforms({ LSTM(2, returnSequences: true) }, inputShape: [3, 3], weightNames: ["kernel", "recurrent_kernel", "bias"],
                            paramCount: 4 * (3 * 2 + 2 * 2 + 2))
        assertLayerConforms({ LSTM(2, useBias: false, returnSequences: true, goBackwards: true) }, inputShape: [3, 2],
                            weightNames: ["kernel", "recurrent_kernel"])
    }

    func testStatesAndTheirGradients() throws {
        let layer = LSTM(3, returnSequences: true, returnState: true)
        let x = Tensor.randomUniform([2, 4, 2], min: -1, max: 1, seed: 1)
        _ = layer(x)
        let outputs = layer.callOutputs([x], training: false)
        XCTAssertEqual(outputs.map(\.shape), [[2, 4, 3], [2, 3], [2, 3]])
        assertTensorsClose(outputs[1], outputs[0].slice(axis: 1, 3..<4).reshaped([2, 3]), accuracy: 0, "h is the last output")
        XCTAssertEqual(try layer.computeOutputShapes([[4, 2]]), [[4, 3], [3], [3]])
        RecurrentFixtures.assertAllOutputGradients(layer, input: x)
        RecurrentFixtures.assertAllOutputGradients(LSTM(2, returnState: true, goBackwards: true), input: x)
    }

    func testFunctionalStatesThroughCallOutputs() throws {
        let input = Input(shape: [5, 3])
        let outputs = LSTM(4, returnSequences: true, returnState: true).callOutputs([input])
        XCTAssertEqual(outputs.map(\.shape), [[5, 4], [4], [4]])
        let model = Model(inputs: input, outputs: [outputs[0], outputs[2]])
        let predictions = try model.predictOutputs([Tensor.randomUniform([2, 5, 3], seed: 2)])
        XCTAssertEqual(predictions.map(\.shape), [[2, 5, 4], [2, 4]])
        // One output of a layer with several: a clear error that says to use callOutputs.
        let single = LSTM(2, returnState: true)(input)
        XCTAssertTrue(single.error?.description.contains("callOutputs") ?? false, "\(String(describing: single.error))")
    }

    func testKerasDefaultsAndUnitForgetBias() {
        let layer = LSTM(3)
        _ = layer(Tensor.zeros([1, 2, 2]))
        XCTAssertEqual(layer.weights.map(\.shape), [[2, 12], [3, 12], [12]])
        XCTAssertEqual(layer.weights[2].value.scalars, [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0])
        let u = layer.weights[1].value   // orthogonal: U · Uᵀ = I for a [3, 12] recurrent kernel
        assertTensorsClose(matmul(u, u.transposed()), Tensor([[1, 0, 0], [0, 1, 0], [0, 0, 1]]), accuracy: 1e-5)
        XCTAssertEqual(layer.cell.name, "lstm_cell")
        let noForget = LSTM(2, unitForgetBias: false)
        _ = noForget(Tensor.zeros([1, 2, 2]))
        XCTAssertEqual(noForget.weights[2].value.scalars, [Float](repeating: 0, count: 8))
    }

    func testOutputsEqualKeras() throws {
        try RecurrentFixtures.assertMatchKeras(prefix: "lstm_", atLeast: 4)
    }

    func testBadInputsThrowClearErrors() {
        let layer = LSTM(3)
        XCTAssertThrowsError(try layer.buildIfNeeded([[4]])) { error in
            XCTAssertTrue("\(error)".contains("[steps, features]"), "\(error)")
        }
        XCTAssertThrowsError(try LSTM(0).buildIfNeeded([[2, 3]])) { error in
            XCTAssertTrue("\(error)".hasSuffix("Received: units=0"), "\(error)")
        }
        XCTAssertThrowsError(try LSTM(2, activation: .softmax).buildIfNeeded([[2, 3]])) { error in
            XCTAssertTrue("\(error)".contains("activation=softmax"), "\(error)")
        }
        let stateful: LayerConfig = ["name": "lstm_9", "units": 2, "stateful": true]
        XCTAssertThrowsError(try LSTM.fromConfig(stateful)) { error in
            XCTAssertTrue("\(error)".contains("stateful"), "\(error)")
        }
    }
}
