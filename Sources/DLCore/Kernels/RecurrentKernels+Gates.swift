internal import CKernels

// The LSTM step's gate passes over rows of the batch, by the C kernels (Sources/CKernels/Recurrent.c:
// portable, AVX2 or AVX-512, chosen at run time; `VectorUnit`), and the driver that runs a
// recurrence's steps over the cores. The C passes do the same operations in the same order on
// every element as the Swift loops they replace (`lstmForwardRowsSwift`, `lstmBackwardRowsSwift`,
// kept as their reference), so results are bit-identical; the Swift loops ran 4-lane SSE on one core.
//
// Rows (samples) never meet in a recurrence: row b of step t's product `h_{t−1} · U` reads row b
// of h_{t−1} only, and the gate pass is element-wise. With AVX-512 the products run on the direct
// kernel, whose sums do not depend on the rows a call holds, and each band of rows runs through
// every step on a worker of its own (one fork-join for the whole sequence). Without it, when GEMM
// would cut a step's product into bands of rows anyway (`GEMM.rowBands`: as many rows as columns
// or more), the bands run the same way, their products the very sgemm calls GEMM would make.
// Otherwise each step's product runs as before (GEMM may cut it into bands of columns) and its
// gate pass is split by rows. OpenBLAS's sums depend on a product's shape, its row count included
// (measured: rows 12–15 of a 128-row product differ from the same rows of its first 64), so
// products are never cut where GEMM would not cut them.

extension RecurrentKernels {
    /// One LSTM step's forward gate pass over rows (CKernels.h's `dl_lstm_forward_step`, `u` = `units`):
    /// from the pre-activations `gates` `[rows, 4u]` (row stride `gateStride`) the activated gates
    /// i, f, g, o (written over them when `storesGates`, as the backward pass reads them), then
    /// `c = f ⊙ c_prev + i ⊙ g` (c_prev zeros when nil; `cell` may be `previousCell` itself), `act(c)`
    /// into `activatedCell` when given, `h = o ⊙ act(c)` into `hidden` (row stride `hiddenStride`) and
    /// into `hiddenCopy` when given (row stride `hiddenCopyStride`). Rows of c, c_prev and act(c) are `u` apart.
    package struct LSTMForwardStep {
        package var gates: UnsafeMutablePointer<Float>, gateStride: Int
        package var previousCell: UnsafePointer<Float>?
        package var cell: UnsafeMutablePointer<Float>
        package var activatedCell: UnsafeMutablePointer<Float>?
        package var hidden: UnsafeMutablePointer<Float>, hiddenStride: Int
        package var hiddenCopy: UnsafeMutablePointer<Float>?, hiddenCopyStride: Int
        package var units: Int
        package var activation: CellActivation, recurrentActivation: CellActivation
        package var storesGates: Bool

        package init(gates: UnsafeMutablePointer<Float>, gateStride: Int, previousCell: UnsafePointer<Float>?,
                     cell: UnsafeMutablePointer<Float>, activatedCell: UnsafeMutablePointer<Float>?,
                     hidden: UnsafeMutablePointer<Float>, hiddenStride: Int,
                     hiddenCopy: UnsafeMutablePointer<Float>? = nil, hiddenCopyStride: Int = 0, units: Int,
                     activation: CellActivation, recurrentActivation: CellActivation, storesGates: Bool = true) {
            (self.gates, self.gateStride, self.previousCell, self.cell) = (gates, gateStride, previousCell, cell)
            (self.activatedCell, self.hidden, self.hiddenStride, self.units) = (activatedCell, hidden, hiddenStride, units)
            (self.hiddenCopy, self.hiddenCopyStride) = (hiddenCopy, hiddenCopyStride)
            (self.activation, self.recurrentActivation, self.storesGates) = (activation, recurrentActivation, storesGates)
        }
    }

    /// One LSTM step's backward gate pass over rows (CKernels.h's `dl_lstm_backward_step`): from the
    /// activated `gates`, c_prev (zeros when nil), `act(c)`, the gradient of h (`outputGradient +
    /// hiddenGradient`) and of c (`cellGradient`, replaced by that of c_prev), the gates' gradients
    /// into `gateGradients` (row stride `gateStride`, as `gates`). Other rows are `units` apart.
    package struct LSTMBackwardStep {
        package var gates: UnsafePointer<Float>, gateGradients: UnsafeMutablePointer<Float>, gateStride: Int
        package var previousCell: UnsafePointer<Float>?
        package var activatedCell: UnsafePointer<Float>
        package var outputGradient: UnsafePointer<Float>, hiddenGradient: UnsafePointer<Float>
        package var cellGradient: UnsafeMutablePointer<Float>
        package var units: Int
        package var activation: CellActivation, recurrentActivation: CellActivation

        package init(gates: UnsafePointer<Float>, gateGradients: UnsafeMutablePointer<Float>, gateStride: Int,
                     previousCell: UnsafePointer<Float>?, activatedCell: UnsafePointer<Float>,
                     outputGradient: UnsafePointer<Float>, hiddenGradient: UnsafePointer<Float>,
                     cellGradient: UnsafeMutablePointer<Float>, units: Int, activation: CellActivation,
                     recurrentActivation: CellActivation) {
            (self.gates, self.gateGradients, self.gateStride, self.previousCell) = (gates, gateGradients, gateStride, previousCell)
            (self.activatedCell, self.outputGradient, self.hiddenGradient) = (activatedCell, outputGradient, hiddenGradient)
            (self.cellGradient, self.units, self.activation, self.recurrentActivation) = (cellGradient, units, activation,
                                                                                          recurrentActivation)
        }
    }

    /// Gate-pass elements (rows × units) below which a step's gate pass runs on one thread.
    static let minimumParallelGates = 1 << 13

    /// How `recur` runs a step's product.
    enum StepProducts: Equatable {
        /// All rows through `GEMM.multiply` (which may cut the product into bands of columns).
        case whole
        /// A band of rows through one single-threaded sgemm, as `GEMM.rowBands` cuts it.
        case sgemmBand
        /// A band of rows through the direct kernel (`directProduct`, B not transposed): each output
        /// the sum from 0 over k in order, whatever the band.
        case directBand
    }

    /// Runs a recurrence over `batch` rows, step by step in `steps`' order, where each step is a
    /// product `C[batch, n] = A[batch, k] · B` (`product(t, rows, how)`) and a gate pass over rows
    /// (`gates(t, rows)`), the gate pass first when `gatesFirst` (backward through time). With the
    /// direct products (`directSteps`) or where GEMM would cut the product into bands of rows, each
    /// band runs through every step on a worker of its own; otherwise each step's product runs whole
    /// and its gate pass is split by rows.
    static func recur(steps: some Sequence<Int>, batch: Int, n: Int, k: Int, units: Int, gatesFirst: Bool,
                      product: (Int, Range<Int>, StepProducts) -> Void, gates: (Int, Range<Int>) -> Void) {
        let banding: (bands: [Range<Int>], how: StepProducts)? = directSteps(batch: batch)
            ? (directBands(batch: batch), .directBand)
            : GEMM.rowBands(m: batch, n: n, k: k).map { ($0, .sgemmBand) }
        if let banding {
            Parallel.run(banding.bands.count) { band in
                for t in steps {
                    if gatesFirst { gates(t, banding.bands[band]) }
                    product(t, banding.bands[band], banding.how)
                    if !gatesFirst { gates(t, banding.bands[band]) }
                }
            }
            return
        }
        let minimumRows = Swift.max(2, minimumParallelGates / Swift.max(units, 1))
        for t in steps {
            if !gatesFirst { product(t, 0..<batch, .whole) }
            Parallel.forRanges(batch, minimumCount: minimumRows) { first, end in gates(t, first..<end) }
            if gatesFirst { product(t, 0..<batch, .whole) }
        }
    }

    /// Bands of `batch` rows for a recurrence's direct products, each run through every step on a
    /// worker of its own: one per worker, at least `minimumBandRows` rows each, and (when `work`, the
    /// whole recurrence's multiply-adds, is given) `GEMM.minimumParallelWork` of work each.
    static func directBands(batch: Int, work: Int = .max) -> [Range<Int>] {
        let count = Swift.max(1, Swift.min(Parallel.workers, batch / minimumBandRows, work / GEMM.minimumParallelWork))
        let rows = (batch + count - 1) / count
        return stride(from: 0, to: batch, by: rows).map { $0..<Swift.min(batch, $0 + rows) }
    }

    /// Rows `rows` of a step's product `C[m, n] (+)= A[m, k] · op(B)` (A's rows `lda` apart, C's `n`;
    /// `a` and `c` at row 0 of the whole product), `beta` 0 or 1, run `how` `recur` says.
    static func stepProduct(_ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, transposeB: Bool,
                            into c: UnsafeMutablePointer<Float>, rows: Range<Int>, n: Int, k: Int, beta: Float,
                            how: StepProducts) {
        let first = rows.lowerBound
        switch how {
        case .directBand:
            check(!transposeB, "RecurrentKernels.stepProduct: the direct product takes B untransposed")
            directProduct(a + first * lda, lda: lda, b, into: c + first * n, rows: rows.count, n: n, k: k,
                          accumulate: beta != 0)
        case .sgemmBand:
            GEMM.sgemm(a + first * lda, false, lda, b, transposeB, transposeB ? k : n, c + first * n, ldc: n,
                       m: rows.count, n: n, k: k, alpha: 1, beta: beta)
        case .whole:
            GEMM.multiply(a + first * lda, transposeA: false, b, transposeB: transposeB, into: c + first * n,
                          m: rows.count, n: n, k: k, lda: lda, beta: beta)
        }
    }

    /// Whether the LSTM's recurrent products for a batch of `batch` rows run on CKernels' direct
    /// kernel rather than GEMM (`lstmInference`, and `recur`'s steps in training): with AVX-512,
    /// for more rows than GEMM gives to sgemv. Measured on one core of an AMD EPYC (Zen 4, FMA peak
    /// 114 GFLOP/s): [64, 128] · [128, 512] 104 GFLOP/s against OpenBLAS's 89, [64, 512] · [512, 128]
    /// 109 against 90; the lstm workload's training steps ~3% faster.
    package static func directSteps(batch: Int) -> Bool { VectorUnit.active == .avx512 && batch > GEMM.maximumVectorRows }

    /// The fewest batch rows a band of the direct products gets.
    static let minimumBandRows = 8

    /// `C[rows, n] += A[rows, k] · B[k, n]` (`=` unless `accumulate`; A's rows `lda` apart, B and C
    /// dense) by CKernels' direct convolution kernel as a 1×1 convolution of a one-row image
    /// (`dl_gemm_direct`'s product with A's pixels `lda` apart): no packing, each output (C +) the
    /// sum from 0 over k in order, one fused multiply-add a term, whatever the rows. On the calling thread.
    package static func directProduct(_ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>,
                                      into c: UnsafeMutablePointer<Float>, rows: Int, n: Int, k: Int,
                                      accumulate: Bool = true) {
        guard rows > 0, n > 0 else { return }
        guard k > 0 else {
            if !accumulate { c.update(repeating: 0, count: rows * n) }
            return
        }
        ConvolutionKernels.pointwiseProduct(a, pixels: rows, pixelStride: lda, channels: k, kernel: b, filters: n,
                                            accumulate: accumulate, into: c)
    }

    /// `step`'s forward gate pass on `rows` by the C kernels.
    package static func lstmForwardRows(_ step: LSTMForwardStep, rows: Range<Int>) {
        guard !rows.isEmpty, step.units > 0 else { return }
        var c = dl_lstm_forward_step(gates: step.gates, gateStride: step.gateStride, previousCell: step.previousCell,
                                     cell: step.cell, activatedCell: step.activatedCell, hidden: step.hidden,
                                     hiddenStride: step.hiddenStride, hiddenCopy: step.hiddenCopy,
                                     hiddenCopyStride: step.hiddenCopyStride, units: step.units,
                                     activation: step.activation.kernelCode,
                                     recurrentActivation: step.recurrentActivation.kernelCode,
                                     storesGates: step.storesGates ? 1 : 0)
        dl_lstm_forward_rows(&c, rows.lowerBound, rows.upperBound)
    }

    /// `step`'s backward gate pass on `rows` by the C kernels.
    package static func lstmBackwardRows(_ step: LSTMBackwardStep, rows: Range<Int>) {
        guard !rows.isEmpty, step.units > 0 else { return }
        var c = dl_lstm_backward_step(gates: step.gates, gateGradients: step.gateGradients, gateStride: step.gateStride,
                                      previousCell: step.previousCell, activatedCell: step.activatedCell,
                                      outputGradient: step.outputGradient, hiddenGradient: step.hiddenGradient,
                                      cellGradient: step.cellGradient, units: step.units,
                                      activation: step.activation.kernelCode,
                                      recurrentActivation: step.recurrentActivation.kernelCode)
        dl_lstm_backward_rows(&c, rows.lowerBound, rows.upperBound)
    }

    /// `step`'s forward pass on `rows` of processing step `t`, where a row masked at `t` keeps its
    /// states instead: h from `hiddenBefore` (rows `step.hiddenStride` apart; zeros when nil), c
    /// from `step.previousCell` (zeros when nil; left alone when the pass runs in place).
    static func lstmForwardMasked(_ step: LSTMForwardStep, rows: Range<Int>, mask: UnsafePointer<Float>?, size: Dimensions,
                                  step t: Int, reversed: Bool, hiddenBefore: UnsafePointer<Float>?) {
        guard mask != nil else { return lstmForwardRows(step, rows: rows) }
        let u = step.units
        var r = rows.lowerBound
        while r < rows.upperBound {
            var end = r
            while end < rows.upperBound && !size.isMasked(mask, batch: end, step: t, reversed: reversed) { end += 1 }
            lstmForwardRows(step, rows: r..<end)
            guard end < rows.upperBound else { return }
            // Row `end` is padding at this step.
            let h = step.hidden + end * step.hiddenStride, c = step.cell + end * u
            if let hiddenBefore { h.update(from: hiddenBefore + end * step.hiddenStride, count: u) } else { h.update(repeating: 0, count: u) }
            if let copy = step.hiddenCopy { (copy + end * step.hiddenCopyStride).update(from: h, count: u) }
            if let previousCell = step.previousCell {
                if UnsafePointer(step.cell) != previousCell { c.update(from: previousCell + end * u, count: u) }
            } else {
                c.update(repeating: 0, count: u)
            }
            r = end + 1
        }
    }

    /// `step`'s backward pass on `rows` of processing step `t`, where a row masked at `t` gets no
    /// gate gradient (zeros) and passes its h gradient on into `passed` (its c gradient stays).
    static func lstmBackwardMasked(_ step: LSTMBackwardStep, rows: Range<Int>, mask: UnsafePointer<Float>?, size: Dimensions,
                                   step t: Int, reversed: Bool, passed: UnsafeMutablePointer<Float>) {
        guard mask != nil else { return lstmBackwardRows(step, rows: rows) }
        let u = step.units
        var r = rows.lowerBound
        while r < rows.upperBound {
            var end = r
            while end < rows.upperBound && !size.isMasked(mask, batch: end, step: t, reversed: reversed) { end += 1 }
            lstmBackwardRows(step, rows: r..<end)
            guard end < rows.upperBound else { return }
            for j in 0..<u { passed[end * u + j] = step.outputGradient[end * u + j] + step.hiddenGradient[end * u + j] }
            (step.gateGradients + end * step.gateStride).update(repeating: 0, count: 4 * u)
            r = end + 1
        }
    }
}
