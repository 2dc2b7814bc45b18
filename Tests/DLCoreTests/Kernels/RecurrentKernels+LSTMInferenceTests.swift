import DLCore
import DLTestSupport
import XCTest

/// The LSTM without a gradient to take (`lstmInference`, no trace) against the same op while a
/// gradient is recorded (`lstmForward`, the training trace): the same values, on a batch of 1
/// (sgemv's few-rows path), a small one, one whose gate pass is split by rows over the cores and
/// one whose steps run in bands of rows (`recur`), forwards and backwards in time, with and
/// without a mask, bias and other activations.
final class RecurrentKernelsLSTMInferenceTests: XCTestCase {
    private let shapes: [(batch: Int, steps: Int, features: Int, units: Int)] = [(1, 5, 3, 7), (2, 4, 3, 2), (130, 3, 5, 67),
                                                                                  (260, 3, 5, 33)]

    private func random(_ shape: [Int], _ seed: UInt64) -> Tensor { .randomUniform(shape, min: -0.7, max: 0.7, seed: seed) }

    /// A mask `[batch, steps]` with padding at the start of some samples and holes in others.
    private func mask(batch: Int, steps: Int) -> Tensor {
        Tensor(shape: [batch, steps], scalars: (0..<(batch * steps)).map { i in
            let (b, t) = (i / steps, i % steps)
            return (b % 3 == 1 && t == 0) || (b % 5 == 2 && t == steps / 2) ? 0 : 1
        })
    }

    func testInferenceEqualsTheTrainingForwardPass() {
        for (n, s) in shapes.enumerated() {
            let x = random([s.batch, s.steps, s.features], UInt64(n)), w = random([s.features, 4 * s.units], 31)
            let u = random([s.units, 4 * s.units], 32), b = random([4 * s.units], 33)
            let settings: [(CellActivation, CellActivation, Bool, Bool, Bool)] = [
                (.tanh, .sigmoid, false, false, true), (.tanh, .sigmoid, true, true, true), (.tanh, .sigmoid, false, true, false),
                (.relu, .hardSigmoid, true, false, true),
            ]
            for (activation, recurrentActivation, reversed, masked, useBias) in settings {
                let m = masked ? mask(batch: s.batch, steps: s.steps) : nil
                let bias = useBias ? b : nil
                let inference = lstmSequence(x, kernel: w, recurrentKernel: u, bias: bias, activation: activation,
                                             recurrentActivation: recurrentActivation, goBackwards: reversed, mask: m)
                let variable = Variable(u, name: "recurrent_kernel")
                let training = valueWithGradient(wrt: [variable]) {
                    lstmSequence(x, kernel: w, recurrentKernel: variable.value, bias: bias, activation: activation,
                                 recurrentActivation: recurrentActivation, goBackwards: reversed, mask: m)
                }.value
                XCTAssertEqual(inference.shape, [s.batch, s.steps + 1, s.units])
                XCTAssertEqual(inference.scalars, training.scalars,
                               "\(s) \(activation)/\(recurrentActivation) reversed \(reversed) masked \(masked) bias \(useBias)")
            }
        }
    }

    /// A padded step keeps the states without a trace too: the padded first step of sample 1 is
    /// zeros, its hole keeps the step before's state.
    func testMaskedStepsKeepTheStates() {
        let (batch, steps, units) = (3, 4, 5)
        let x = random([batch, steps, 2], 1), w = random([2, 4 * units], 2), u = random([units, 4 * units], 3)
        let m = Tensor(shape: [batch, steps], scalars: [1, 1, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1])
        let out = lstmSequence(x, kernel: w, recurrentKernel: u, bias: nil, mask: m)
        XCTAssertEqual(out.slice(axis: 0, 1..<2).slice(axis: 1, 0..<1).scalars, [Float](repeating: 0, count: units))
        XCTAssertEqual(out.slice(axis: 0, 1..<2).slice(axis: 1, 2..<3).scalars, out.slice(axis: 0, 1..<2).slice(axis: 1, 1..<2).scalars)
        XCTAssertNotEqual(out.slice(axis: 0, 1..<2).slice(axis: 1, 1..<2).scalars, [Float](repeating: 0, count: units))
    }
}
