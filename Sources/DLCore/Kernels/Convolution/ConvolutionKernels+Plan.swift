// How `ConvolutionKernels` cuts a convolution into chunks of the batch and which strategy runs it.
// The strategies, and when `Plan` picks each:
// - im2col rows: the default. Each chunk's windows are gathered into rows (`Im2Col.swift`) and
//   multiplied by the kernel in one GEMM, output rows × filters.
// - transposed: fewer than 16 filters, or at most 16 on a one-channel input. The same product
//   as Wᵀ·colsᵀ, so that the long dimension (output cells) is GEMM's n rather than its m.
// - shifted planes: transposed and stride 1 (`ConvolutionKernels+Shifted.swift`). colsᵀ is built
//   from whole shifted input planes instead of many short gathers (LeNet-5's first convolution).
// - Winograd F(4×4, 3×3): 3×3 windows, stride 1, at least 16 channels and 16 filters
//   (`ConvolutionKernels+Winograd.swift`): the forward pass, dKernel, and dx ('same' or 'valid').
// - direct: the forward pass of what would run im2col, transposed or on shifted planes, on CPUs
//   with AVX-512, with at least 16 filters
//   (`ConvolutionKernels+Direct.swift`): no im2col matrix, the filters in the vector lanes. dx
//   keeps the strategy above; for dKernel and dBias see the next item. (At batch 1 Winograd's
//   layers stay Winograd: with the kernel's transform kept between calls, as layers keep it, it
//   beat the direct convolution on the small VGG's 3×3 layers by 10-45%.)
// - planar: the forward pass of one-channel, stride-1 convolutions with fewer than 16 filters, on
//   CPUs with AVX2 or AVX-512 (`ConvolutionKernels+Planar.swift`): the direct convolution's sums
//   with output pixels in the lanes (LeNet-5's first layer). The backward pass keeps shifted planes.
// - direct kernel gradient: dKernel and dBias of what would run im2col, transposed or on shifted
//   planes, on CPUs with AVX-512, or with AVX2 for patches of at most 160 scalars
//   (`ConvolutionKernels+KernelGradient.swift`); dx, when asked for, keeps the strategy above.

extension ConvolutionKernels {
    /// How a convolution is cut into chunks and oriented.
    package struct Plan: Sendable {
        /// Samples per chunk.
        package let samplesPerChunk: Int
        /// Whether the product runs as Wᵀ·colsᵀ (output transposed), for few filters.
        package let transposed: Bool
        /// Whether a transposed product with stride 1 runs on shifted rows instead of colsᵀ
        /// (`ConvolutionKernels+Shifted.swift`): the forward pass, and a backward pass without dx.
        package let shiftedRows: Bool
        /// Whether the forward pass, dKernel, and with 'same' padding dx run Winograd's algorithm
        /// (`ConvolutionKernels+Winograd.swift`, `+WinogradGradient.swift`) instead of im2col + GEMM.
        package let winograd: Bool
        /// The Winograd variant, when `winograd`.
        package let winogradTile: WinogradTile
        /// Samples per chunk of the Winograd forward pass.
        package let winogradSamplesPerChunk: Int
        /// Whether the forward pass runs the direct convolution (`ConvolutionKernels+Direct.swift`)
        /// instead of the strategy above, which the backward pass keeps.
        package let direct: Bool
        /// Whether the forward pass runs the one-channel convolution (`ConvolutionKernels+Planar.swift`)
        /// instead of the strategy above, which the backward pass keeps.
        package let planar: Bool
        /// Whether dKernel and dBias run `directKernelGradient` (no im2col matrix) instead of the
        /// strategy above, which dx keeps.
        package let directKernelGradient: Bool

        /// The plan for `g` and `filters`, or the given overrides (for tests and tuning; shifted
        /// rows and Winograd are only ever used where they apply; `samplesPerChunk` sets both
        /// paths' chunks; naming `transposed`, `shiftedRows` or `winograd` leaves the direct
        /// convolution, the one-channel one and the direct kernel gradient out unless `direct`,
        /// `planar` or `directKernelGradient` ask for them; `planar` only where it applies).
        package init(_ g: WindowGeometry, filters: Int, samplesPerChunk: Int? = nil, transposed: Bool? = nil,
                    shiftedRows: Bool? = nil, winograd: Bool? = nil, winogradTile: WinogradTile? = nil,
                    direct: Bool? = nil, planar: Bool? = nil, directKernelGradient: Bool? = nil) {
            let rowsPerSample = Swift.max(g.outputHeight * g.outputWidth, 1)
            // Per sample in cache: its im2col rows, output rows and (backward) their gradients.
            let perSample = rowsPerSample * (2 * g.patchSize + 2 * filters)
            let fitting = ConvolutionKernels.chunkScalars / Swift.max(perSample, 1)
            // Measured at batch 128 (LeNet-5 and the VGG workload's convolutions): 2 to 4 samples
            // per chunk beat both 1 (GEMMs too short) and 8 or more (working set out of cache).
            let preferred = Swift.min(Swift.max(fitting, 2), 4)
            let balanced = (g.batch + Parallel.workers - 1) / Parallel.workers
            self.samplesPerChunk = Swift.max(1, samplesPerChunk ?? Swift.min(preferred, Swift.max(balanced, 1)))
            // One input channel: rows of im2col are KW-long gathers, while shifted planes copy whole
            // rows. Measured (one core, batch 128, 28×28×1, 3×3 'same', the resnet workload's stem):
            // 16 filters forward 1.71 -> 1.07 ms, dKernel and dBias 2.1 -> 2.0 ms; 32 filters and
            // the siamese workload's 5×5×32 ran slower transposed (2.3 -> 2.6 ms, 5.1 -> 5.9 ms).
            self.transposed = transposed ?? (filters < 16 || (g.channels == 1 && filters <= 16))
            self.shiftedRows = self.transposed && ConvolutionKernels.allowsShiftedRows(g) && (shiftedRows ?? true)
            // Winograd F(4×4, 3×3) by default: on the VGG workload's convolutions (32 and 64 channels)
            // inference took about 35% less CPU time than im2col, and F(2×2) about 10% more than F(4×4).
            self.winograd = ConvolutionKernels.allowsWinograd(g)
                && (winograd ?? (g.channels >= ConvolutionKernels.winogradMinimumChannels
                                 && filters >= ConvolutionKernels.winogradMinimumFilters))
            self.winogradTile = winogradTile ?? .f4
            self.winogradSamplesPerChunk = samplesPerChunk
                ?? ConvolutionKernels.winogradSamplesPerChunk(g, filters: filters, tile: self.winogradTile)
            // Asking for a strategy by name (tests, tuning) means that strategy, not the direct one.
            let named = transposed != nil || shiftedRows != nil || winograd != nil
            self.direct = direct ?? (!named && !self.winograd
                                     && ConvolutionKernels.prefersDirect(g, filters: filters))
            self.planar = !self.direct && ConvolutionKernels.allowsPlanar(g)
                && (planar ?? (!named && !self.winograd && ConvolutionKernels.prefersPlanar(g, filters: filters)))
            self.directKernelGradient = directKernelGradient
                ?? (!named && !self.winograd && ConvolutionKernels.prefersDirectKernelGradient(g))
        }
    }

    /// The scalars a chunk's working set aims at (about 1 MiB, a core's L2 cache), within 2 to 4 samples.
    static let chunkScalars = 1 << 18
}
