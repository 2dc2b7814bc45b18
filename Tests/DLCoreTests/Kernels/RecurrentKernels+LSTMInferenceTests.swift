import DLCore
import DLTestSupport
import XCTest

/// The LSTM without a gradient to take (`lstmInference`, no trace) against the same op while a
/// gradient is recorded (`lstmForward`, the training trace), on every variant this CPU supports:
/// the same values where the recurrent products run on GEMM, within 1e−5 where they run on the
/// direct kernel (AVX-512); on a batch of 1 (sgemv's few-rows path), a small one, one whose gate
/// pass is split by rows over the cores and one whose steps run in bands of rows (`recur`),
/// forwards and backwards in time, with and without a mask, bias and other activations.
final class RecurrentKernelsLSTMInferenceTests: XCTestCase {
    override func tearDown() {
        VectorUnit.force(nil)
        super.tearDown()
    }

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
        let settings: [(CellActivation, CellActivation, reversed: Bool, masked: Bool, bias: Bool)] = [
            (.tanh, .sigmoid, false, false, true), (.tanh, .sigmoid, true, true, true), (.tanh, .sigmoid, false, true, false),
            (.relu, .hardSigmoid, true, false, true),
        ]
        for (n, s) in shapes.enumerated() {
            let x = random([s.batch, s.steps, s.features], UInt64(n)), w = random([s.features, 4 * s.units], 31)
            let u = random([s.units, 4 * s.units], 32), b = random([4 * s.units], 33)
            for (activation, recurrentActivation, reversed, masked, useBias) in settings {
                let m = masked ? mask(batch: s.batch, steps: s.steps) : nil
                let bias = useBias ? b : nil
                func run() -> Tensor {
                    lstmSequence(x, kernel: w, recurrentKernel: u, bias: bias, activation: activation,
                                 recurrentActivation: recurrentActivation, goBackwards: reversed, mask: m)
                }
                for unit in VectorUnit.supported {
                    XCTAssertTrue(VectorUnit.force(unit))
                    let variable = Variable(u, name: "recurrent_kernel")
                    let training = valueWithGradient(wrt: [variable]) {
                        lstmSequence(x, kernel: w, recurrentKernel: variable.value, bias: bias, activation: activation,
                                     recurrentActivation: recurrentActivation, goBackwards: reversed, mask: m)
                    }.value
                    let inference = run()
                    let context = "\(unit.name) \(s) \(activation)/\(recurrentActivation) reversed \(reversed) masked \(masked)"
                    XCTAssertEqual(inference.shape, [s.batch, s.steps + 1, s.units], context)
                    if RecurrentKernels.directSteps(batch: s.batch) {
                        assertTensorsClose(inference, training, accuracy: 1e-5, context)
                    } else {
                        XCTAssertEqual(inference.scalars, training.scalars, context)
                    }
                }
            }
        }
    }

    /// The direct product against the naive one, on every variant: rows of A `lda` apart, sizes
    /// off the vector widths, C accumulated into.
    func testDirectProductMatchesTheNaiveProduct() {
        for (rows, n, k) in [(1, 5, 3), (3, 17, 9), (13, 68, 33), (40, 128, 32)] {
            let lda = k + 3
            let a = random([rows, lda], 51).scalars, b = random([k, n], 52).scalars, c = random([rows, n], 53).scalars
            let dense = (0..<rows).flatMap { r in a[(r * lda)..<(r * lda + k)] }
            let naive = GEMM.referenceMultiply(Array(dense), transposeA: false, b, transposeB: false, m: rows, n: n, k: k)
            for unit in VectorUnit.supported {
                XCTAssertTrue(VectorUnit.force(unit))
                var out = c
                a.withUnsafeBufferPointer { ap in
                    b.withUnsafeBufferPointer { bp in
                        out.withUnsafeMutableBufferPointer { op in
                            RecurrentKernels.directProduct(ap.baseAddress!, lda: lda, bp.baseAddress!, into: op.baseAddress!,
                                                           rows: rows, n: n, k: k)
                        }
                    }
                }
                assertScalarsClose(out, zip(c, naive).map { $0 + $1 }, accuracy: 2e-5, "\(unit.name) \(rows)×\(k)·\(k)×\(n)")
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
