import DLCore
import DLTestSupport
import XCTest

/// The recurrent cells' C kernels, every variant this CPU supports (the portable one included),
/// against the Swift loops they replaced, bit for bit: the activations and derivatives in place
/// (`CellActivation`) and the LSTM step's gate pass forwards and backwards, on unit counts that
/// are not multiples of the vector widths (8, 16), padded row strides, a range of rows that leaves
/// the first row alone, with and without the previous cell state and act(c), the cell updated in
/// place, inference's pass (h stored twice, the gates not stored), every activation, and NaN, ±∞,
/// −0 and the exponential's clamping bounds among the inputs.
final class RecurrentKernelsGatesTests: XCTestCase {
    override func tearDown() {
        VectorUnit.force(nil)
        super.tearDown()
    }

    private let unitCounts = [1, 3, 7, 9, 15, 17, 31, 33, 67]
    private let activations: [(CellActivation, CellActivation)] = [(.tanh, .sigmoid), (.relu, .hardSigmoid), (.linear, .sigmoid),
                                                                    (.sigmoid, .linear), (.hardSigmoid, .relu)]

    /// `count` scalars uniform in [−`range`, `range`], the special values spread among them.
    private static func inputs(_ count: Int, range: Float, seed: UInt64, specials: Bool = true) -> [Float] {
        let values: [Float] = [.nan, -0.0, 0, .infinity, -.infinity, 87.3, -87.3, 88.4, -88.4, 200, -200, 1, -1, 3, -3]
        var x = Tensor.randomUniform([count], min: -range, max: range, seed: seed).scalars
        if specials { for i in 0..<Swift.min(count / 3, values.count) { x[(i * 7 + 1) % count] = values[i] } }
        return x
    }

    /// A heap copy of `values`.
    private static func buffer(_ values: [Float]) -> RecurrentKernels.Buffer {
        let buffer = RecurrentKernels.Buffer(uninitialized: values.count)
        buffer.pointer.update(from: values, count: values.count)
        return buffer
    }

    private static func array(_ buffer: RecurrentKernels.Buffer) -> [Float] {
        Array(UnsafeBufferPointer(start: buffer.pointer, count: buffer.count))
    }

    func testActivationsMatchSwiftLoopsBitForBit() {
        for count in [1, 7, 8, 9, 16, 17, 33, 100] {
            for activation in [CellActivation.tanh, .sigmoid, .hardSigmoid, .relu, .linear] {
                let x = Self.inputs(count, range: 8, seed: UInt64(count))
                let y = Self.inputs(count, range: 1.2, seed: UInt64(count) + 50), d = Self.inputs(count, range: 3, seed: UInt64(count) + 99)
                let expected = Self.buffer(x), expectedD = Self.buffer(d)
                activation.applyInPlaceSwift(expected.pointer, count: count)
                activation.multiplyByDerivativeSwift(expectedD.pointer, output: y, count: count)
                for unit in VectorUnit.supported {
                    XCTAssertTrue(VectorUnit.force(unit))
                    let actual = Self.buffer(x), actualD = Self.buffer(d)
                    activation.applyInPlace(actual.pointer, count: count)
                    activation.multiplyByDerivative(actualD.pointer, output: y, count: count)
                    assertSameBits(Self.array(actual), Self.array(expected), "\(unit.name) \(activation) count \(count)")
                    assertSameBits(Self.array(actualD), Self.array(expectedD), "\(unit.name) \(activation)′ count \(count)")
                }
            }
        }
    }

    /// The buffers of one forward step over `rows` rows of `u` units.
    private struct ForwardCase {
        let gates: [Float], previousCell: [Float]?, activated: Bool, inPlace: Bool
        let u: Int, rows: Int, gateStride: Int, hiddenStride: Int
        /// Inference's options: h also into a second buffer with this row stride; the gates left unwritten.
        var hiddenCopyStride: Int? = nil, storesGates = true

        /// Runs `pass` on rows 1..<rows of fresh copies; returns every buffer it may write.
        func run(_ activation: CellActivation, _ recurrentActivation: CellActivation,
                 _ pass: (RecurrentKernels.LSTMForwardStep, Range<Int>) -> Void) -> [[Float]] {
            let gates = RecurrentKernelsGatesTests.buffer(self.gates)
            let previous = previousCell.map { RecurrentKernelsGatesTests.buffer($0) }
            let cell = inPlace ? previous! : RecurrentKernelsGatesTests.buffer([Float](repeating: 7, count: rows * u))
            let activatedCell = RecurrentKernelsGatesTests.buffer([Float](repeating: 7, count: rows * u))
            let hidden = RecurrentKernelsGatesTests.buffer([Float](repeating: 7, count: rows * hiddenStride))
            let copy = RecurrentKernelsGatesTests.buffer([Float](repeating: 7, count: rows * (hiddenCopyStride ?? 1)))
            let step = RecurrentKernels.LSTMForwardStep(gates: gates.pointer, gateStride: gateStride,
                                                        previousCell: previous.map { UnsafePointer($0.pointer) }, cell: cell.pointer,
                                                        activatedCell: activated ? activatedCell.pointer : nil, hidden: hidden.pointer,
                                                        hiddenStride: hiddenStride,
                                                        hiddenCopy: hiddenCopyStride.map { _ in copy.pointer },
                                                        hiddenCopyStride: hiddenCopyStride ?? 0, units: u,
                                                        activation: activation, recurrentActivation: recurrentActivation,
                                                        storesGates: storesGates)
            withExtendedLifetime((gates, previous, cell, activatedCell, hidden, copy)) { pass(step, 1..<rows) }
            return [gates, cell, activatedCell, hidden, copy].map(RecurrentKernelsGatesTests.array)
        }
    }

    func testLSTMForwardRowsMatchSwiftBitForBit() {
        var compared = 0
        for u in unitCounts {
            let rows = 3, gateStride = 4 * u + 3, hiddenStride = u + 5
            let gates = Self.inputs(rows * gateStride, range: 6, seed: UInt64(u))
            let previous = Self.inputs(rows * u, range: 2, seed: UInt64(u) + 7)
            let cases = [ForwardCase(gates: gates, previousCell: previous, activated: true, inPlace: false, u: u, rows: rows,
                                     gateStride: gateStride, hiddenStride: hiddenStride),
                         ForwardCase(gates: gates, previousCell: nil, activated: true, inPlace: false, u: u, rows: rows,
                                     gateStride: gateStride, hiddenStride: hiddenStride),
                         ForwardCase(gates: gates, previousCell: previous, activated: false, inPlace: true, u: u, rows: rows,
                                     gateStride: gateStride, hiddenStride: hiddenStride),
                         ForwardCase(gates: gates, previousCell: previous, activated: false, inPlace: true, u: u, rows: rows,
                                     gateStride: gateStride, hiddenStride: hiddenStride, hiddenCopyStride: u + 9,
                                     storesGates: false)]
            for (n, forward) in cases.enumerated() {
                for (activation, recurrentActivation) in activations {
                    let expected = forward.run(activation, recurrentActivation, RecurrentKernels.lstmForwardRowsSwift)
                    if let copyStride = forward.hiddenCopyStride {
                        // The copy holds h row for row; the gates stay the pre-activations.
                        for r in 1..<rows {
                            assertSameBits(Array(expected[4][(r * copyStride)...].prefix(u)),
                                           Array(expected[3][(r * hiddenStride)...].prefix(u)), "units \(u) row \(r): h's copy")
                        }
                        assertSameBits(expected[0], gates, "units \(u): gates not stored")
                    }
                    for unit in VectorUnit.supported {
                        XCTAssertTrue(VectorUnit.force(unit))
                        let actual = forward.run(activation, recurrentActivation, RecurrentKernels.lstmForwardRows)
                        for (name, (a, e)) in zip(["gates", "c", "act(c)", "h", "h's copy"], zip(actual, expected)) {
                            assertSameBits(a, e, "\(unit.name) units \(u) case \(n) \(activation)/\(recurrentActivation) \(name)")
                        }
                        compared += 1
                    }
                }
            }
        }
        XCTAssertGreaterThanOrEqual(compared, unitCounts.count * 4 * activations.count)
    }

    func testLSTMBackwardRowsMatchSwiftBitForBit() {
        var compared = 0
        for u in unitCounts {
            let rows = 3, gateStride = 4 * u + 3
            // Activated gates and act(c) in the activations' ranges, with a few specials; gradients anywhere.
            let gates = Self.inputs(rows * gateStride, range: 1, seed: UInt64(u) + 1)
            let activated = Self.inputs(rows * u, range: 1, seed: UInt64(u) + 2)
            let previous = Self.inputs(rows * u, range: 2, seed: UInt64(u) + 3)
            let output = Self.inputs(rows * u, range: 2, seed: UInt64(u) + 4, specials: false)
            let next = Self.inputs(rows * u, range: 2, seed: UInt64(u) + 5, specials: false)
            let cellGradient = Self.inputs(rows * u, range: 2, seed: UInt64(u) + 6)
            for withPrevious in [true, false] {
                for (activation, recurrentActivation) in activations {
                    func run(_ pass: (RecurrentKernels.LSTMBackwardStep, Range<Int>) -> Void) -> [[Float]] {
                        let dz = Self.buffer([Float](repeating: 7, count: rows * gateStride)), dc = Self.buffer(cellGradient)
                        let buffers = [gates, activated, previous, output, next].map(Self.buffer)
                        let step = RecurrentKernels.LSTMBackwardStep(
                            gates: buffers[0].pointer, gateGradients: dz.pointer, gateStride: gateStride,
                            previousCell: withPrevious ? UnsafePointer(buffers[2].pointer) : nil,
                            activatedCell: buffers[1].pointer, outputGradient: buffers[3].pointer, hiddenGradient: buffers[4].pointer,
                            cellGradient: dc.pointer, units: u, activation: activation, recurrentActivation: recurrentActivation)
                        withExtendedLifetime((buffers, dz, dc)) { pass(step, 1..<rows) }
                        return [Self.array(dz), Self.array(dc)]
                    }
                    let expected = run(RecurrentKernels.lstmBackwardRowsSwift)
                    for unit in VectorUnit.supported {
                        XCTAssertTrue(VectorUnit.force(unit))
                        let actual = run(RecurrentKernels.lstmBackwardRows)
                        let context = "\(unit.name) units \(u) previous \(withPrevious) \(activation)/\(recurrentActivation)"
                        assertSameBits(actual[0], expected[0], "\(context) dz")
                        assertSameBits(actual[1], expected[1], "\(context) dc")
                        compared += 1
                    }
                }
            }
        }
        XCTAssertGreaterThanOrEqual(compared, unitCounts.count * 2 * activations.count)
    }
}
