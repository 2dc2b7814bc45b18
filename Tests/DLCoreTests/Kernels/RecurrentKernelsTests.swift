import DLCore
import DLTestSupport
import XCTest

/// The fused recurrent kernels (through their ops) against the naive cell-by-cell references, on
/// batches of 1 and 2 (GEMM's few-rows path), 5, 96 × 64 units (the parallel GEMM path) and
/// 260 × 33 units (the LSTM's steps in bands of rows), forwards and backwards in time.
final class RecurrentKernelsTests: XCTestCase {
    private let shapes: [(batch: Int, steps: Int, features: Int, units: Int)] = [(1, 3, 2, 3), (2, 4, 3, 2), (5, 6, 4, 5), (96, 3, 16, 64),
                                                                                  (260, 3, 5, 33)]

    private func random(_ shape: [Int], _ seed: UInt64) -> Tensor { .randomUniform(shape, min: -0.6, max: 0.6, seed: seed) }

    /// `[batch, steps (+1), u]` packed output → the hidden part and, with `cell`, the last step.
    private func split(_ packed: Tensor, steps: Int, cell: Bool) -> (hidden: [Float], cell: [Float]) {
        guard cell else { return (packed.scalars, []) }
        return (packed.slice(axis: 1, 0..<steps).scalars, packed.slice(axis: 1, steps..<(steps + 1)).scalars)
    }

    private func assertClose(_ a: [Float], _ b: [Float], _ message: String) {
        assertScalarsClose(a, b, accuracy: 2e-5, message)
    }

    func testSimpleRNNMatchesReference() {
        for (n, s) in shapes.enumerated() {
            for (reversed, activation) in [(false, CellActivation.tanh), (true, .relu), (false, .linear)] {
                let size = RecurrentKernels.Dimensions(batch: s.batch, steps: s.steps, features: s.features, units: s.units)
                let x = random([s.batch, s.steps, s.features], UInt64(n)), w = random([s.features, s.units], 11)
                let u = random([s.units, s.units], 12), b = random([s.units], 13)
                let fast = simpleRNNSequence(x, kernel: w, recurrentKernel: u, bias: b, activation: activation, goBackwards: reversed)
                let naive = RecurrentKernels.referenceSimpleRNN(x.scalars, kernel: w.scalars, recurrentKernel: u.scalars,
                                                                bias: b.scalars, size: size, activation: activation, reversed: reversed)
                assertClose(fast.scalars, naive.hidden, "SimpleRNN \(s) \(activation) reversed \(reversed)")
            }
        }
    }

    func testLSTMMatchesReference() {
        for (n, s) in shapes.enumerated() {
            for (reversed, useBias) in [(false, true), (true, true), (false, false)] {
                let size = RecurrentKernels.Dimensions(batch: s.batch, steps: s.steps, features: s.features, units: s.units)
                let x = random([s.batch, s.steps, s.features], UInt64(n)), w = random([s.features, 4 * s.units], 21)
                let u = random([s.units, 4 * s.units], 22), b = useBias ? random([4 * s.units], 23) : nil
                let fast = split(lstmSequence(x, kernel: w, recurrentKernel: u, bias: b, goBackwards: reversed), steps: s.steps, cell: true)
                let naive = RecurrentKernels.referenceLSTM(x.scalars, kernel: w.scalars, recurrentKernel: u.scalars, bias: b?.scalars,
                                                           size: size, activation: .tanh, recurrentActivation: .sigmoid, reversed: reversed)
                assertClose(fast.hidden, naive.hidden, "LSTM h \(s) reversed \(reversed)")
                assertClose(fast.cell, naive.lastCell, "LSTM c \(s) reversed \(reversed)")
            }
        }
        // Other activations (Keras 2's hard sigmoid gates).
        let size = RecurrentKernels.Dimensions(batch: 2, steps: 3, features: 2, units: 3)
        let x = random([2, 3, 2], 1), w = random([2, 12], 2), u = random([3, 12], 3)
        let fast = split(lstmSequence(x, kernel: w, recurrentKernel: u, bias: nil, activation: .relu, recurrentActivation: .hardSigmoid),
                         steps: 3, cell: true)
        let naive = RecurrentKernels.referenceLSTM(x.scalars, kernel: w.scalars, recurrentKernel: u.scalars, bias: nil, size: size,
                                                   activation: .relu, recurrentActivation: .hardSigmoid, reversed: false)
        assertClose(fast.hidden, naive.hidden, "LSTM relu/hard sigmoid")
    }

    func testGRUMatchesReference() {
        for (n, s) in shapes.enumerated() {
            for (reversed, resetAfter) in [(false, true), (true, true), (false, false), (true, false)] {
                let size = RecurrentKernels.Dimensions(batch: s.batch, steps: s.steps, features: s.features, units: s.units)
                let x = random([s.batch, s.steps, s.features], UInt64(n)), w = random([s.features, 3 * s.units], 31)
                let u = random([s.units, 3 * s.units], 32), b = random(resetAfter ? [2, 3 * s.units] : [3 * s.units], 33)
                let fast = gruSequence(x, kernel: w, recurrentKernel: u, bias: b, resetAfter: resetAfter, goBackwards: reversed)
                let naive = RecurrentKernels.referenceGRU(x.scalars, kernel: w.scalars, recurrentKernel: u.scalars, bias: b.scalars,
                                                          size: size, activation: .tanh, recurrentActivation: .sigmoid,
                                                          resetAfter: resetAfter, reversed: reversed)
                assertClose(fast.scalars, naive.hidden, "GRU \(s) resetAfter \(resetAfter) reversed \(reversed)")
            }
        }
    }

    /// The fused GRU gate pass backward gives exactly the floats of the scalar reference (every
    /// gradient), in both reset conventions, both directions, with padding and other activations.
    func testGRUBackwardEqualsTheScalarReference() {
        for (n, s) in shapes.enumerated() {
            for (reversed, resetAfter, masked) in [(false, true, false), (true, true, true), (false, false, true), (true, false, false)] {
                for (activation, recurrent) in [(CellActivation.tanh, CellActivation.sigmoid), (.relu, .hardSigmoid)] {
                    let size = RecurrentKernels.Dimensions(batch: s.batch, steps: s.steps, features: s.features, units: s.units)
                    let x = random([s.batch, s.steps, s.features], UInt64(n)).scalars, w = random([s.features, 3 * s.units], 41).scalars
                    let u = random([s.units, 3 * s.units], 42).scalars, b = random(resetAfter ? [2, 3 * s.units] : [3 * s.units], 43).scalars
                    let dHidden = random([s.steps, s.batch, s.units], 44).scalars
                    let mask: [Float] = (0..<(s.batch * s.steps)).map { masked && $0 % 3 == 1 ? 0 : 1 }
                    let trace = RecurrentKernels.gruForward(x, kernel: w, recurrentKernel: u, bias: b, size: size, activation: activation,
                                                            recurrentActivation: recurrent, resetAfter: resetAfter, reversed: reversed,
                                                            mask: mask)
                    let fast = RecurrentKernels.gruBackward(trace, dHidden: dHidden, kernel: w, recurrentKernel: u, activation: activation,
                                                            recurrentActivation: recurrent, needInput: true, mask: mask, reversed: reversed)
                    let reference = RecurrentKernels.referenceGRUBackward(trace, dHidden: dHidden, kernel: w, recurrentKernel: u,
                                                                          activation: activation, recurrentActivation: recurrent,
                                                                          needInput: true, mask: mask, reversed: reversed)
                    let what = "GRU \(s) resetAfter \(resetAfter) reversed \(reversed) masked \(masked) \(activation)"
                    for (name, a, r) in [("x", fast.x, reference.x), ("kernel", fast.kernel, reference.kernel),
                                         ("recurrent kernel", fast.recurrentKernel, reference.recurrentKernel), ("bias", fast.bias, reference.bias)] {
                        guard let a, let r else { XCTFail("\(what): no \(name) gradient"); continue }
                        XCTAssertEqual(Array(UnsafeBufferPointer(start: a.pointer, count: a.count)),
                                       Array(UnsafeBufferPointer(start: r.pointer, count: r.count)), "\(what): \(name)")
                    }
                }
            }
        }
    }

    /// Each activation's derivative from its output agrees with a central difference of `apply`.
    func testActivationDerivativesFromOutputs() {
        for activation in [CellActivation.tanh, .sigmoid, .hardSigmoid, .relu, .linear] {
            for x: Float in [-2.5, -0.7, 0.3, 1.9] {
                let h: Float = 1e-3
                let numeric = (activation.apply(x + h) - activation.apply(x - h)) / (2 * h)
                XCTAssertEqual(activation.derivative(output: activation.apply(x)), numeric, accuracy: 2e-3, "\(activation) at \(x)")
            }
        }
    }
}
