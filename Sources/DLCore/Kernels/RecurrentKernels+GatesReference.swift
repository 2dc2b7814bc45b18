// The Swift gate passes of the LSTM step that the C kernels (`lstmForwardRows`, `lstmBackwardRows`)
// replaced, kept as their reference: tests compare the C kernels with them bit for bit. Each row
// is one sample; the activations run in place over the gates (i, f | g | o), then c and h in
// branch-free loops, all through `CellActivation`'s Swift loops.

extension RecurrentKernels {
    /// `step`'s forward gate pass on `rows`, in Swift (see `LSTMForwardStep`).
    package static func lstmForwardRowsSwift(_ step: LSTMForwardStep, rows: Range<Int>) {
        let u = step.units
        let zeros = Buffer(zeroed: u), scratch = Buffer(uninitialized: u), gateScratch = Buffer(uninitialized: 4 * u)
        let (activation, recurrentActivation) = (step.activation, step.recurrentActivation)
        for b in rows {
            var zb = step.gates + b * step.gateStride
            if !step.storesGates {
                gateScratch.pointer.update(from: zb, count: 4 * u)
                zb = gateScratch.pointer
            }
            let cb = step.cell + b * u, hb = step.hidden + b * step.hiddenStride
            let ab = step.activatedCell.map { $0 + b * u } ?? scratch.pointer
            let cPrevious = step.previousCell.map { $0 + b * u } ?? UnsafePointer(zeros.pointer)
            recurrentActivation.applyInPlaceSwift(zb, count: 2 * u)
            activation.applyInPlaceSwift(zb + 2 * u, count: u)
            recurrentActivation.applyInPlaceSwift(zb + 3 * u, count: u)
            for j in 0..<u { cb[j] = zb[u + j] * cPrevious[j] + zb[j] * zb[2 * u + j] }
            ab.update(from: cb, count: u)
            activation.applyInPlaceSwift(ab, count: u)
            for j in 0..<u { hb[j] = zb[3 * u + j] * ab[j] }
            if let copy = step.hiddenCopy { (copy + b * step.hiddenCopyStride).update(from: hb, count: u) }
        }
    }

    /// `step`'s backward gate pass on `rows`, in Swift (see `LSTMBackwardStep`).
    package static func lstmBackwardRowsSwift(_ step: LSTMBackwardStep, rows: Range<Int>) {
        let u = step.units
        let zeros = Buffer(zeroed: u), scratch = Buffer(uninitialized: u)
        let (activation, recurrentActivation) = (step.activation, step.recurrentActivation)
        for b in rows {
            let dhb = scratch.pointer   // read in the loop, so that the buffer lives through it
            let gb = step.gates + b * step.gateStride, db = step.gateGradients + b * step.gateStride
            let ab = step.activatedCell + b * u, dcb = step.cellGradient + b * u
            let dhin = step.outputGradient + b * u, dhNext = step.hiddenGradient + b * u
            let cPrevious = step.previousCell.map { $0 + b * u } ?? UnsafePointer(zeros.pointer)
            // dh (from the output and from step t + 1) into dc through h = o ⊙ act(c):
            // dhb holds dh_t · o first, then its act′ factor.
            for j in 0..<u {
                let h = dhin[j] + dhNext[j]
                db[3 * u + j] = h * ab[j]       // do, before σ′
                dhb[j] = h * gb[3 * u + j]      // dh ⊙ o, before act′
            }
            activation.multiplyByDerivativeSwift(dhb, output: ab, count: u)
            for j in 0..<u {
                let dcj = dcb[j] + dhb[j]
                db[j] = dcj * gb[2 * u + j]           // di
                db[u + j] = dcj * cPrevious[j]        // df
                db[2 * u + j] = dcj * gb[j]           // dg
                dcb[j] = dcj * gb[u + j]              // dc_{t−1}
            }
            recurrentActivation.multiplyByDerivativeSwift(db, output: gb, count: 2 * u)
            activation.multiplyByDerivativeSwift(db + 2 * u, output: gb + 2 * u, count: u)
            recurrentActivation.multiplyByDerivativeSwift(db + 3 * u, output: gb + 3 * u, count: u)
        }
    }
}
