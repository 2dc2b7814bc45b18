/// The fused dense forward pass `out = act(x · kernel + bias)`, its kernel gradient, and the naive
/// reference.
///
/// Shapes (row-major): x `[rows, inputs]`, kernel `[inputs, units]`, bias `[units]` →
/// out `[rows, units]` (overwritten).
///
/// The rows are cut into chunks; each chunk's bias copy, GEMM and activation run one after the
/// other while the chunk's output is still in cache, and chunks run on the workers (`Parallel`),
/// so the element-wise output pass is split across cores along with the product. That pays where the output pass is not negligible
/// beside the product: see `Plan`. One image (1–3 rows) is one chunk: its product goes to
/// `dl_vector_product` (DenseKernels+OneRow.swift) or `GEMM`'s sgemv path.
package enum DenseKernels {
    /// How the rows are cut into chunks.
    package struct Plan: Sendable, Equatable {
        /// Rows per chunk; `rows` or more means one chunk: the whole product in one GEMM, split
        /// by `GEMM.multiply` over the workers, then the activation in bands of rows.
        package let rowsPerChunk: Int

        /// The plan for a product, or the given override (for tests and tuning).
        ///
        /// Chunked when there are at least two chunks of `minimumRows` and the product is short
        /// (`inputs` ≤ `maximumChunkedInputs`): each output scalar then costs a few dozen
        /// multiply-adds, as much as its sigmoid or its copies, and splitting everything across
        /// the cores beats splitting the product alone. Long products (`inputs` in
        /// the hundreds) stay whole: their GEMM dominates, and chunks would repack the kernel
        /// once per chunk (measured: the mlp workload's predict at batch 256 ran about 9% slower
        /// with its 784- and 256-long products chunked).
        package init(rows: Int, inputs: Int, units: Int, rowsPerChunk: Int? = nil) {
            if let rowsPerChunk {
                self.rowsPerChunk = Swift.max(1, rowsPerChunk)
                return
            }
            let workers = Parallel.workers
            guard workers > 1, inputs <= DenseKernels.maximumChunkedInputs,
                  rows >= 2 * DenseKernels.minimumRows else {
                self.rowsPerChunk = Swift.max(rows, 1)
                return
            }
            // A chunk's input and output rows fit in a core's L2 cache beside the kernel.
            let fitting = DenseKernels.chunkScalars / Swift.max(inputs + units, 1)
            let balanced = (rows + workers - 1) / workers
            self.rowsPerChunk = Swift.max(DenseKernels.minimumRows, Swift.min(fitting, balanced))
        }
    }

    /// The scalars a chunk's input and output rows aim at (256 KiB, a quarter of a core's L2).
    static let chunkScalars = 1 << 16
    /// Chunks have at least this many rows (shorter GEMMs lose more to packing than they gain).
    static let minimumRows = 16
    /// Products longer than this run whole (see `Plan`).
    static let maximumChunkedInputs = 64

    /// `out = act(x · kernel + bias)`. Shapes: x `[rows, inputs]`, kernel `[inputs, units]`,
    /// bias `[units]` → out `[rows, units]` (overwritten). Without a `plan`, the product runs on
    /// `directProduct` where `prefersDirectProduct` says so.
    package static func forward(_ x: UnsafePointer<Float>, kernel: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                               rows: Int, inputs: Int, units: Int, activation: FusedActivation,
                               into out: UnsafeMutablePointer<Float>, plan: Plan? = nil) {
        guard rows > 0, units > 0 else { return }
        if plan == nil && prefersVectorProduct(rows: rows, inputs: inputs, units: units) {
            oneRowForward(x, kernel: kernel, bias: bias, inputs: inputs, units: units, activation: activation, into: out)
            return
        }
        if plan == nil && prefersDirectProduct(rows: rows, inputs: inputs) {
            directForward(x, kernel: kernel, bias: bias, rows: rows, inputs: inputs, units: units,
                          activation: activation, into: out)
            return
        }
        let plan = plan ?? Plan(rows: rows, inputs: inputs, units: units)
        if plan.rowsPerChunk >= rows {
            // One product: GEMM splits it over the workers itself, then the output pass in bands.
            product(x, kernel: kernel, bias: bias, rows: rows, inputs: inputs, units: units, into: out, parallel: true)
            Parallel.forRowBands(rows: rows, columns: units) { first, last in
                apply(activation, to: out + first * units, rows: last - first, units: units)
            }
            return
        }
        // Chunks already run on the workers: each chunk's GEMM stays on its own thread.
        Parallel.forChunks(rows, chunkSize: plan.rowsPerChunk) { start, end in
            let (x, out, n) = (x + start * inputs, out + start * units, end - start)
            product(x, kernel: kernel, bias: bias, rows: n, inputs: inputs, units: units, into: out, parallel: false)
            apply(activation, to: out, rows: n, units: units)
        }
    }

    /// Whether `forward` runs its product, and `kernelGradient` its, on CKernels' direct convolution
    /// as a 1×1 product (`dl_gemm_direct`: no packing, the units in 16-lane registers) rather than
    /// OpenBLAS's sgemm: on CPUs with AVX-512, from 4 rows (as the LSTM's inference products).
    /// Measured at batch 256 on two cores of an AMD EPYC (direct / OpenBLAS): the mlp's [784, 256]
    /// 0.68, [256, 128] 0.61, [128, 10] 0.35; the autoencoder's [784, 32] 0.49, [32, 784] 0.62; the
    /// siamese workload's [1600, 128] 0.65; LeNet-5's [400, 120] 0.63. At one row it is a wash
    /// (0.8–1.4). Each output is then the bias plus its sum from 0 over the inputs in order, one
    /// fused multiply-add a term (OpenBLAS sums in its own blocked order: the last bits differ).
    package static func prefersDirectProduct(rows: Int, inputs: Int) -> Bool {
        VectorUnit.active == .avx512 && rows >= directMinimumRows && inputs > 0
    }

    /// Fewer rows stay on OpenBLAS (sgemv for one).
    static let directMinimumRows = 4

    /// `forward` on the direct product: bands of rows on the workers, each band's product with the
    /// bias and ReLU added in registers (a 1×1 convolution of a one-row image of `n` pixels), then
    /// its sigmoid or softmax while it is in cache.
    private static func directForward(_ x: UnsafePointer<Float>, kernel: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                                      rows: Int, inputs: Int, units: Int, activation: FusedActivation,
                                      into out: UnsafeMutablePointer<Float>) {
        // Split when each worker gets at least minimumRows rows.
        Parallel.forRanges(rows, minimumCount: Parallel.workers * minimumRows) { start, end in
            let (x, out, n) = (x + start * inputs, out + start * units, end - start)
            ConvolutionKernels.pointwiseProduct(x, pixels: n, pixelStride: inputs, channels: inputs, kernel: kernel,
                                                filters: units, bias: bias, relu: activation == .relu, into: out)
            if activation != .relu { apply(activation, to: out, rows: n, units: units) }
        }
    }

    /// The kernel gradient dKernel `[inputs, units]` = xᵀ · dz (overwritten), x `[rows, inputs]`, dz
    /// `[rows, units]`: on the direct product where `prefersDirectProduct` (each entry summed from 0
    /// over the rows in order, bands of the inputs on the workers), else by GEMM.
    package static func kernelGradient(_ x: UnsafePointer<Float>, _ dz: UnsafePointer<Float>, rows: Int, inputs: Int,
                                       units: Int, into dKernel: UnsafeMutablePointer<Float>) {
        guard inputs > 0, units > 0 else { return }
        guard prefersDirectProduct(rows: rows, inputs: inputs) else {
            GEMM.multiply(x, transposeA: true, dz, transposeB: false, into: dKernel, m: inputs, n: units, k: rows)
            return
        }
        Parallel.forRanges(inputs, minimumCount: Parallel.workers * minimumRows) { start, end in
            // A 1×1 convolution of a one-row image of end − start pixels (x's columns) with `rows`
            // channels (x's rows, `inputs` scalars apart), dz as its kernel.
            ConvolutionKernels.pointwiseProduct(x + start, pixels: end - start, pixelStride: 1, channels: rows,
                                                channelStride: inputs, kernel: dz, filters: units, into: dKernel + start * units)
        }
    }

    /// `out = x · kernel + bias` for `rows` rows: the bias copied into each row, then the GEMM
    /// accumulating onto it.
    @inline(__always)
    private static func product(_ x: UnsafePointer<Float>, kernel: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                                rows: Int, inputs: Int, units: Int, into out: UnsafeMutablePointer<Float>, parallel: Bool) {
        if let bias { for r in 0..<rows { (out + r * units).update(from: bias, count: units) } }
        GEMM.multiply(x, transposeA: false, kernel, transposeB: false, into: out,
                      m: rows, n: units, k: inputs, beta: bias == nil ? 0 : 1, parallel: parallel)
    }

    /// The activation in place over `rows` rows of `units` outputs.
    @inline(__always)
    static func apply(_ activation: FusedActivation, to out: UnsafeMutablePointer<Float>, rows: Int, units: Int) {
        switch activation {
        case .identity: break
        case .relu: ActivationKernels.reluForward(out, count: rows * units)
        case .sigmoid: ActivationKernels.sigmoidForward(out, count: rows * units)
        case .softmax: ActivationKernels.softmaxForward(out, rows: rows, columns: units)
        }
    }

    /// The naive reference of `forward` (triple loop, libm's `expf`), for tests.
    package static func referenceForward(_ x: [Float], kernel: [Float], bias: [Float]?,
                                        rows: Int, inputs: Int, units: Int, activation: FusedActivation) -> [Float] {
        var out = GEMM.referenceMultiply(x, transposeA: false, kernel, transposeB: false, m: rows, n: units, k: inputs)
        if let bias {
            for r in 0..<rows { for j in 0..<units { out[r * units + j] += bias[j] } }
        }
        for r in 0..<rows {
            let row = r * units
            switch activation {
            case .identity: break
            case .relu: for j in 0..<units { out[row + j] = Swift.max(out[row + j], 0) }   // NaN stays NaN
            case .sigmoid: for j in 0..<units { out[row + j] = ActivationKernels.referenceSigmoid(out[row + j]) }
            case .softmax:
                let maxValue = out[row..<(row + units)].max() ?? 0
                let exps = (0..<units).map { expf(out[row + $0] - maxValue) }
                let total = exps.reduce(0, +)
                for j in 0..<units { out[row + j] = exps[j] / total }
            }
        }
        return out
    }
}

#if canImport(Glibc)
import Glibc
#endif
