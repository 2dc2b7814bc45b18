import DLCore
import DLTestSupport
import XCTest

/// The recurrent ops' recorded backward through time against central differences, for the input,
/// kernel, recurrent kernel and bias, forwards and backwards in time (the LSTM's last cell state
/// is part of its output, so its gradient path is checked too).
final class RecurrentTests: XCTestCase {
    private func random(_ shape: [Int], _ seed: UInt64) -> Tensor { .randomUniform(shape, min: -0.8, max: 0.8, seed: seed) }

    func testSimpleRNNGradients() {
        for (reversed, activation) in [(false, CellActivation.tanh), (true, .sigmoid)] {
            GradientCheck.assertOpGradients([random([3, 4, 2], 1), random([2, 3], 2), random([3, 3], 3), random([3], 4)],
                                            epsilon: 1e-2, tolerance: 2e-2, "SimpleRNN \(activation) reversed \(reversed)") { t in
                simpleRNNSequence(t[0], kernel: t[1], recurrentKernel: t[2], bias: t[3], activation: activation, goBackwards: reversed)
            }
        }
    }

    func testLSTMGradients() {
        for reversed in [false, true] {
            GradientCheck.assertOpGradients([random([2, 4, 3], 5), random([3, 8], 6), random([2, 8], 7), random([8], 8)],
                                            epsilon: 1e-2, tolerance: 2e-2, "LSTM reversed \(reversed)") { t in
                lstmSequence(t[0], kernel: t[1], recurrentKernel: t[2], bias: t[3], goBackwards: reversed)
            }
        }
        GradientCheck.assertOpGradients([random([3, 3, 2], 9), random([2, 12], 10), random([3, 12], 11)],
                                        epsilon: 1e-2, tolerance: 2e-2, "LSTM without bias") { t in
            lstmSequence(t[0], kernel: t[1], recurrentKernel: t[2], bias: nil)
        }
    }

    func testGRUGradients() {
        for (reversed, resetAfter) in [(false, true), (true, true), (false, false), (true, false)] {
            let bias = random(resetAfter ? [2, 9] : [9], 15)
            GradientCheck.assertOpGradients([random([2, 4, 3], 12), random([3, 9], 13), random([3, 9], 14), bias],
                                            epsilon: 1e-2, tolerance: 2e-2, "GRU resetAfter \(resetAfter) reversed \(reversed)") { t in
                gruSequence(t[0], kernel: t[1], recurrentKernel: t[2], bias: t[3], resetAfter: resetAfter, goBackwards: reversed)
            }
        }
    }

    /// A batch large enough for the LSTM's steps to run in bands of rows on the cores (forwards and
    /// backwards, `RecurrentKernels.recur`): each sample's input gradient equals the one it gets
    /// alone (a batch of one runs whole), with and without a mask.
    func testLSTMGradientsOfABandedBatchMatchEachSampleAlone() {
        let (batch, steps, features, units) = (260, 3, 4, 33)
        let x = random([batch, steps, features], 40), w = random([features, 4 * units], 41)
        let u = random([units, 4 * units], 42), b = random([4 * units], 43)
        let weights = random([batch, steps + 1, units], 44)
        let mask = Tensor(shape: [batch, steps], scalars: (0..<(batch * steps)).map { $0 % 7 == 3 ? 0 : 1 })
        for (masked, reversed) in [(false, false), (true, true)] {
            func inputGradient(_ samples: Range<Int>) -> Tensor {
                let input = Variable(x.slice(axis: 0, samples), name: "x")
                return valueWithGradient(wrt: [input]) {
                    (lstmSequence(input.value, kernel: w, recurrentKernel: u, bias: b, goBackwards: reversed,
                                  mask: masked ? mask.slice(axis: 0, samples) : nil) * weights.slice(axis: 0, samples)).sum()
                }.gradients[0]
            }
            let whole = inputGradient(0..<batch)
            for sample in [0, 131, 132, 259] {
                assertTensorsClose(whole.slice(axis: 0, sample..<(sample + 1)), inputGradient(sample..<(sample + 1)),
                                   accuracy: 1e-5, "sample \(sample) masked \(masked) reversed \(reversed)")
            }
        }
    }

    /// The LSTM's steps on the direct products (AVX-512, `RecurrentKernels.directSteps`: each band of
    /// rows through every step on a worker, Uᵀ copied for the backward products) against the same
    /// steps on GEMM (the portable variant): outputs and the gradients of the input and of both
    /// kernels within 1e−4, forwards and backwards in time, with a mask. Without AVX-512 every variant
    /// runs GEMM and they agree all the more.
    func testLSTMOnTheDirectStepProductsMatchesTheGEMMSteps() {
        defer { VectorUnit.force(nil) }
        let (batch, steps, features, units) = (70, 4, 5, 19)
        let x = random([batch, steps, features], 50), w = random([features, 4 * units], 51)
        let u = random([units, 4 * units], 52), b = random([4 * units], 53)
        let weights = random([batch, steps + 1, units], 54)
        let mask = Tensor(shape: [batch, steps], scalars: (0..<(batch * steps)).map { $0 % 9 == 4 ? 0 : 1 })
        for (masked, reversed) in [(false, false), (true, true)] {
            func run() -> [Tensor] {
                let input = Variable(x, name: "x"), kernel = Variable(w, name: "w"), recurrent = Variable(u, name: "u")
                var output = Tensor(0)
                let gradients = valueWithGradient(wrt: [input, kernel, recurrent]) {
                    output = lstmSequence(input.value, kernel: kernel.value, recurrentKernel: recurrent.value, bias: b,
                                          goBackwards: reversed, mask: masked ? mask : nil)
                    return (output * weights).sum()
                }.gradients
                return [output] + gradients
            }
            XCTAssertTrue(VectorUnit.force(.portable))
            XCTAssertFalse(RecurrentKernels.directSteps(batch: batch))
            let reference = run()
            for unit in VectorUnit.supported {
                XCTAssertTrue(VectorUnit.force(unit))
                for (name, (actual, expected)) in zip(["output", "dx", "dW", "dU"], zip(run(), reference)) {
                    assertTensorsClose(actual, expected, accuracy: 1e-4,
                                       "\(name) \(unit.name) direct \(RecurrentKernels.directSteps(batch: batch)) masked \(masked)")
                }
            }
        }
    }

    /// Only the last step's output carries a gradient (a many-to-one model's loss): the gradient
    /// still reaches every step's input through the recurrence.
    func testGradientOfTheLastStepReachesEveryStep() {
        let x = Variable(random([1, 5, 2], 16), name: "x")
        let (_, grads) = valueWithGradient(wrt: [x]) {
            gruSequence(x.value, kernel: random([2, 6], 17), recurrentKernel: random([2, 6], 18), bias: nil, resetAfter: false)
                .slice(axis: 1, 4..<5).sum()
        }
        for step in 0..<5 {
            XCTAssertGreaterThan(grads[0].slice(axis: 1, step..<(step + 1)).scalars.map(abs).max() ?? 0, 0, "step \(step)")
        }
    }

    func testEmbeddingLookupAndScatterAdd() {
        let table = Variable(Tensor([[1, 2], [3, 4], [5, 6]]), name: "table")
        let ids = Tensor([[2, 0], [2, 1.9]])   // 1.9 truncates to 1, as Keras's cast
        let (value, grads) = valueWithGradient(wrt: [table]) {
            embeddingLookup(table.value, ids: ids) * Tensor(shape: [2, 2, 2], scalars: [1, 2, 3, 4, 5, 6, 7, 8])
        }
        XCTAssertEqual(embeddingLookup(table.value, ids: ids).scalars, [5, 6, 1, 2, 5, 6, 3, 4])
        XCTAssertEqual(value.shape, [2, 2, 2])
        // Row 2 picked twice: its gradient is the sum of both positions' weights.
        XCTAssertEqual(grads[0].scalars, [3, 4, 7, 8, 1 + 5, 2 + 6])
    }
}

/// Masks (Keras's: 1 a real step, 0 padding): a padded step keeps the states before it.
final class RecurrentMaskTests: XCTestCase {
    private func random(_ shape: [Int], _ seed: UInt64) -> Tensor { .randomUniform(shape, min: -0.8, max: 0.8, seed: seed) }

    /// The three ops on one sequence, `[1, steps, 2]`, with `units` 3 (LSTM's packed cell state dropped).
    private func runs(_ x: Tensor, mask: Tensor?, goBackwards: Bool) -> [Tensor] {
        let steps = x.shape[1]
        return [
            simpleRNNSequence(x, kernel: random([2, 3], 1), recurrentKernel: random([3, 3], 2), bias: random([3], 3),
                              goBackwards: goBackwards, mask: mask),
            lstmSequence(x, kernel: random([2, 12], 4), recurrentKernel: random([3, 12], 5), bias: random([12], 6),
                         goBackwards: goBackwards, mask: mask).slice(axis: 1, 0..<steps),
            gruSequence(x, kernel: random([2, 9], 7), recurrentKernel: random([3, 9], 8), bias: random([2, 9], 9),
                        goBackwards: goBackwards, mask: mask),
            gruSequence(x, kernel: random([2, 9], 7), recurrentKernel: random([3, 9], 8), bias: random([9], 9),
                        resetAfter: false, goBackwards: goBackwards, mask: mask),
        ]
    }

    /// Pre-padding then real steps: the states at the padding stay zero, and the real steps give
    /// what the unpadded sequence gives (forwards); backwards, the padding at the end of the
    /// processing carries the last real state.
    func testPaddedStepsKeepTheStates() {
        let real = random([1, 3, 2], 10)
        let padded = concatenate([Tensor.zeros([1, 2, 2]), real], axis: 1)
        let mask = Tensor([[0, 0, 1, 1, 1]])
        for (masked, plain) in zip(runs(padded, mask: mask, goBackwards: false), runs(real, mask: nil, goBackwards: false)) {
            XCTAssertEqual(masked.slice(axis: 1, 0..<2).scalars, [Float](repeating: 0, count: 6))
            assertTensorsClose(masked.slice(axis: 1, 2..<5), plain, accuracy: 1e-6)
        }
        for (masked, plain) in zip(runs(padded, mask: mask, goBackwards: true), runs(real, mask: nil, goBackwards: true)) {
            assertTensorsClose(masked.slice(axis: 1, 0..<3), plain, accuracy: 1e-6)
            for step in 3..<5 { assertTensorsClose(masked.slice(axis: 1, step..<(step + 1)), masked.slice(axis: 1, 2..<3), accuracy: 0) }
        }
    }

    func testMaskedGradients() {
        let mask = Tensor([[1, 0, 1, 1], [0, 0, 1, 0]])
        for reversed in [false, true] {
            GradientCheck.assertOpGradients([random([2, 4, 3], 11), random([3, 8], 12), random([2, 8], 13), random([8], 14)],
                                            "LSTM masked reversed \(reversed)") { t in
                lstmSequence(t[0], kernel: t[1], recurrentKernel: t[2], bias: t[3], goBackwards: reversed, mask: mask)
            }
            for resetAfter in [true, false] {
                GradientCheck.assertOpGradients([random([2, 4, 3], 15), random([3, 6], 16), random([2, 6], 17),
                                                 random(resetAfter ? [2, 6] : [6], 18)],
                                                "GRU masked resetAfter \(resetAfter) reversed \(reversed)") { t in
                    gruSequence(t[0], kernel: t[1], recurrentKernel: t[2], bias: t[3], resetAfter: resetAfter,
                                goBackwards: reversed, mask: mask)
                }
            }
            GradientCheck.assertOpGradients([random([2, 4, 3], 19), random([3, 2], 20), random([2, 2], 21), random([2], 22)],
                                            "SimpleRNN masked reversed \(reversed)") { t in
                simpleRNNSequence(t[0], kernel: t[1], recurrentKernel: t[2], bias: t[3], goBackwards: reversed, mask: mask)
            }
        }
    }
}
