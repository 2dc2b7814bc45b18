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
    /// zero states; `reversed` processes the steps last to first (Keras `go_backwards`).
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
        for t in 0..<size.steps {
            let z = trace.gates.pointer + t * batch * width
            let hPrevious = trace.hidden.pointer + t * batch * u, h = hPrevious + batch * u
            let cells = trace.cells.pointer + t * batch * u
            GEMM.multiply(hPrevious, transposeA: false, recurrentKernel, transposeB: false, into: z,
                          m: batch, n: width, k: u, beta: 1)
            let zeros = Buffer(zeroed: t == 0 ? u : 0)
            for b in 0..<batch {
                let zb = z + b * width, cb = cells + b * u, hb = h + b * u
                let ab = trace.activatedCells.pointer + (t * batch + b) * u
                let cPrevious = t == 0 ? UnsafePointer(zeros.pointer) : UnsafePointer(cb - batch * u)
                // The gates in place (i, f | g | o), then c and h in branch-free loops.
                recurrentActivation.applyInPlace(zb, count: 2 * u)
                activation.applyInPlace(zb + 2 * u, count: u)
                recurrentActivation.applyInPlace(zb + 3 * u, count: u)
                for j in 0..<u { cb[j] = zb[u + j] * cPrevious[j] + zb[j] * zb[2 * u + j] }
                ab.update(from: cb, count: u)
                activation.applyInPlace(ab, count: u)
                for j in 0..<u { hb[j] = zb[3 * u + j] * ab[j] }
                if size.isMasked(mask, batch: b, step: t, reversed: reversed) {   // a padded step keeps the states
                    hb.update(from: hPrevious + b * u, count: u)
                    cb.update(from: cPrevious, count: u)
                }
            }
        }
        return trace
    }

    /// Backward through time: `dHidden` is the gradient of every hidden state `[steps, batch, u]`
    /// (time-major, processing order) and `dCell` that of the last cell state `[batch, u]`. A
    /// masked step (`mask` as in the forward pass) passes both gradients through to the step before.
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
        for t in stride(from: size.steps - 1, through: 0, by: -1) {
            let gates = trace.gates.pointer + t * batch * width, dzt = dz.pointer + t * batch * width
            let cells = trace.cells.pointer + t * batch * u, dht = dHidden + t * batch * u
            let zeros = Buffer(zeroed: t == 0 ? u : 0)
            for b in 0..<batch {
                let gb = gates + b * width, db = dzt + b * width, cb = cells + b * u
                let ab = trace.activatedCells.pointer + (t * batch + b) * u
                let dhb = dh.pointer + b * u, dcb = dc.pointer + b * u, dhin = dht + b * u
                let cPrevious = t == 0 ? UnsafePointer(zeros.pointer) : UnsafePointer(cb - batch * u)
                if size.isMasked(mask, batch: b, step: t, reversed: reversed) {
                    // A padded step: no gate gradient; dh goes on to h_{t−1} (added after the GEMM), dc to c_{t−1}.
                    for j in 0..<u { passed.pointer[b * u + j] = dhin[j] + dhb[j] }
                    db.update(repeating: 0, count: width)
                    continue
                }
                // dh (from the output and from step t + 1) into dc through h = o ⊙ act(c):
                // dhb holds dh_t · o first, then its act′ factor.
                for j in 0..<u {
                    let h = dhin[j] + dhb[j]
                    db[3 * u + j] = h * ab[j]       // do, before σ′
                    dhb[j] = h * gb[3 * u + j]      // dh ⊙ o, before act′
                }
                activation.multiplyByDerivative(dhb, output: ab, count: u)
                for j in 0..<u {
                    let dcj = dcb[j] + dhb[j]
                    db[j] = dcj * gb[2 * u + j]           // di
                    db[u + j] = dcj * cPrevious[j]        // df
                    db[2 * u + j] = dcj * gb[j]           // dg
                    dcb[j] = dcj * gb[u + j]              // dc_{t−1}
                }
                recurrentActivation.multiplyByDerivative(db, output: gb, count: 2 * u)
                activation.multiplyByDerivative(db + 2 * u, output: gb + 2 * u, count: u)
                recurrentActivation.multiplyByDerivative(db + 3 * u, output: gb + 3 * u, count: u)
            }
            // dh_{t−1} = dz_t · Uᵀ
            GEMM.multiply(dzt, transposeA: false, recurrentKernel, transposeB: true, into: dh.pointer,
                          m: batch, n: u, k: width)
            addPassedGradients(passed, into: dh, size: size, mask: mask, step: t, reversed: reversed)
        }
        return projectionGradients(dz.pointer, x: trace.x.pointer, hidden: trace.hidden.pointer, kernel: kernel,
                                   size: size, units: u, width: width, needInput: needInput)
    }
}
