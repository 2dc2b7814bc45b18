import DL
import DLTestSupport
import XCTest

final class SimpleRNNTests: XCTestCase {
    func testConformanceBothReturnSequencesSettings() {
        let names = ["kernel", "recurrent_kernel", "bias"]
        assertLayerConforms({ SimpleRNN(3) }, inputShape: [4, 2], weightNames: names, paramCount: 2 * 3 + 3 * 3 + 3)
        assertLayerConforms({ SimpleRNN(2, returnSequences: true) }, inputShape: [3, 3], weightNames: names)
        assertLayerConforms({ SimpleRNN(2, activation: .sigmoid, returnSequences: true, goBackwards: true,
                                        recurrentRegularizerL2: 0.01) }, inputShape: [3, 2], weightNames: names)
    }

    func testStateAndItsGradients() {
        let layer = SimpleRNN(3, returnSequences: true, returnState: true)
        let x = Tensor.randomUniform([2, 4, 2], min: -1, max: 1, seed: 5)
        _ = layer(x)
        let outputs = layer.callOutputs([x], training: false)
        XCTAssertEqual(outputs.map(\.shape), [[2, 4, 3], [2, 3]])
        RecurrentFixtures.assertAllOutputGradients(layer, input: x)
    }

    /// A worked example: units 1, kernel 2, recurrent 0.5, bias 0, linear: h = 2x₁, then 2x₂ + h/2.
    func testWorkedExample() {
        let layer = SimpleRNN(1, activation: .linear, returnSequences: true)
        _ = layer(Tensor.zeros([1, 2, 1]))
        layer.weights[0].value = Tensor([[2]])
        layer.weights[1].value = Tensor([[0.5]])
        assertTensorsClose(layer(Tensor(shape: [1, 2, 1], scalars: [1, 3])), Tensor(shape: [1, 2, 1], scalars: [2, 7]))
    }

    func testOutputsEqualKeras() throws {
        try RecurrentFixtures.assertMatchKeras(prefix: "simple_rnn_", atLeast: 3)
    }
}

private extension SimpleRNN {
    /// A SimpleRNN with an L2 penalty on its recurrent kernel (so regularization goes through the cell).
    convenience init(_ units: Int, activation: Activation, returnSequences: Bool, goBackwards: Bool, recurrentRegularizerL2: Float) {
        self.init(units, activation: activation, recurrentRegularizer: .l2(recurrentRegularizerL2),
                  returnSequences: returnSequences, goBackwards: goBackwards)
    }
}
