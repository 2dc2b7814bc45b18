// LSTM's fused forward and backward through time (Keras 3 `LSTMCell`, gate order i, f, c, o):
//   z = x_t · W + h_{t−1} · U + b                    [batch, 4·units]
//   i = σ(z_i), f = σ(z_f), g = act(z_c), o = σ(z_o)  (σ = recurrent activation)
//   c_t = f ⊙ c_{t−1} + i ⊙ g,  h_t = o ⊙ act(c_t)
// Shapes: x [batch, steps, features]; W [features, 4u]; U [u, 4u]; b [4u]. See `RecurrentKernels`
// for the layout (time-major, one projection GEMM, one GEMM per step).

extension RecurrentKernels {
    /// The dimensions and activations of one recurrent call.
    package struct Dimensions {
        package let batch: Int, steps: Int, features: Int, units: Int
        package init(batch: Int, steps: Int, features: Int, units: Int) {
            (self.batch, self.steps, self.features, self.units) = (batch, steps, features, units)
        }
        /// Rows of all steps together (`steps · batch`).
        package var rows: Int { steps * batch }

        /// Whether sample `b` is padding at processing step `t`: `mask` is `[batch, steps]` in
        /// input order (1 a real step, 0 padding, Keras's mask), read reversed with `reversed`.
        @inline(__always)
        package func isMasked(_ mask: UnsafePointer<Float>?, batch b: Int, step t: Int, reversed: Bool) -> Bool {
            guard let mask else { return false }
            return mask[b * steps + (reversed ? steps - 1 - t : t)] == 0
        }
    }

    /// What the LSTM forward pass keeps for its backward pass (time-major, processing order).
    package final class LSTMTrace {
        package let size: Dimensions
        /// The input `[steps, batch, features]`.
        package let x: Buffer
        /// The activated gates `[steps, batch, 4u]` (i, f, g, o).
        package let gates: Buffer
        /// The cell states `[steps, batch, u]`.
        package let cells: Buffer
        /// The activated cell states `act(c)` `[steps, batch, u]`.
        package let activatedCells: Buffer
        /// The hidden states `[steps + 1, batch, u]`, the first all zeros (the initial state).
        package let hidden: Buffer

        init(_ size: Dimensions) {
            self.size = size
            // Written whole by the forward pass (the input copy, the projection, every step).
            x = Buffer(uninitialized: size.rows * size.features)
            gates = Buffer(uninitialized: size.rows * 4 * size.units)
            cells = Buffer(uninitialized: size.rows * size.units)
            activatedCells = Buffer(uninitialized: size.rows * size.units)
            hidden = Buffer(zeroed: (size.steps + 1) * size.batch * size.units)
        }
    }

    /// The LSTM forward pass over every step of `x` (`[batch, steps, features]`, batch-major), from
    /// zero states; `reversed` processes the steps last to first (Keras `go_backwards`). The steps run
    /// through `recur` (the cores share each step's gate pass, or bands of rows share the steps).
    package static func lstmForward(_ x: UnsafePointer<Float>, kernel: UnsafePointer<Float>,
                                    recurrentKernel: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                                    size: Dimensions, activation: CellActivation, recurrentActivation: CellActivation,
                                    reversed: Bool, mask: UnsafePointer<Float>? = nil) -> LSTMTrace {
        let trace = LSTMTrace(size)
        let (batch, u) = (size.batch, size.units)
        let width = 4 * u
        toTimeMajor(x, batch: batch, steps: size.steps, width: size.features, reversed: reversed, into: trace.x.pointer)
        project(trace.x.pointer, kernel: kernel, bias: bias, rows: size.rows, features: size.features, width: width,
                into: trace.gates.pointer)
        let (gates, hidden, cells) = (trace.gates.pointer, trace.hidden.pointer, trace.cells.pointer)
        recur(steps: 0..<size.steps, batch: batch, n: width, k: u, units: u, gatesFirst: false) { t, rows, how in
            stepProduct(hidden + t * batch * u, lda: u, recurrentKernel, transposeB: false, into: gates + t * batch * width,
                        rows: rows, n: width, k: u, beta: 1, how: how)
        } gates: { t, rows in
            let step = LSTMForwardStep(gates: gates + t * batch * width, gateStride: width,
                                       previousCell: t == 0 ? nil : UnsafePointer(cells + (t - 1) * batch * u),
                                       cell: cells + t * batch * u, activatedCell: trace.activatedCells.pointer + t * batch * u,
                                       hidden: hidden + (t + 1) * batch * u, hiddenStride: u, units: u,
                                       activation: activation, recurrentActivation: recurrentActivation)
            lstmForwardMasked(step, rows: rows, mask: mask, size: size, step: t, reversed: reversed,
                              hiddenBefore: hidden + t * batch * u)
        }
        return trace
    }

    /// Backward through time: `dHidden` is the gradient of every hidden state `[steps, batch, u]`
    /// (time-major, processing order) and `dCell` that of the last cell state `[batch, u]`. A
    /// masked step (`mask` as in the forward pass) passes both gradients through to the step before.
    /// The steps run through `recur`, as forwards.
    package static func lstmBackward(_ trace: LSTMTrace, dHidden: UnsafePointer<Float>, dCell: UnsafePointer<Float>,
                                     kernel: UnsafePointer<Float>, recurrentKernel: UnsafePointer<Float>,
                                     activation: CellActivation, recurrentActivation: CellActivation,
                                     needInput: Bool, mask: UnsafePointer<Float>? = nil, reversed: Bool = false) -> CellGradients {
        let size = trace.size
        let (batch, u) = (size.batch, size.units)
        let width = 4 * u
        let dz = Buffer(uninitialized: size.rows * width)   // every row of every step is written
        let dh = Buffer(zeroed: batch * u), dc = Buffer(zeroed: batch * u), passed = Buffer(zeroed: mask == nil ? 0 : batch * u)
        dc.pointer.update(from: dCell, count: batch * u)
        // The direct products take Uᵀ `[4u, u]` as it lies.
        let transposedU = directSteps(batch: batch) ? transposed(recurrentKernel, rows: u, columns: width) : nil
        recur(steps: stride(from: size.steps - 1, through: 0, by: -1), batch: batch, n: u, k: width, units: u,
              gatesFirst: true) { t, rows, how in
            // dh_{t−1} = dz_t · Uᵀ, plus the gradients that skipped a masked step.
            stepProduct(dz.pointer + t * batch * width, lda: width, transposedU.map { UnsafePointer($0.pointer) } ?? recurrentKernel,
                        transposeB: transposedU == nil, into: dh.pointer, rows: rows, n: u, k: width, beta: 0, how: how)
            addPassedGradients(passed, into: dh, size: size, mask: mask, step: t, reversed: reversed, rows: rows)
        } gates: { t, rows in
            let cells = trace.cells.pointer + t * batch * u
            let step = LSTMBackwardStep(gates: trace.gates.pointer + t * batch * width, gateGradients: dz.pointer + t * batch * width,
                                        gateStride: width, previousCell: t == 0 ? nil : UnsafePointer(cells - batch * u),
                                        activatedCell: trace.activatedCells.pointer + t * batch * u,
                                        outputGradient: dHidden + t * batch * u, hiddenGradient: dh.pointer,
                                        cellGradient: dc.pointer, units: u, activation: activation,
                                        recurrentActivation: recurrentActivation)
            lstmBackwardMasked(step, rows: rows, mask: mask, size: size, step: t, reversed: reversed, passed: passed.pointer)
        }
        return projectionGradients(dz.pointer, x: trace.x.pointer, hidden: trace.hidden.pointer, kernel: kernel,
                                   size: size, units: u, width: width, needInput: needInput)
    }
}
