/// Keras's padding modes for convolution and pooling; raw values are Keras's strings.
public enum Padding: String, Sendable, CaseIterable {
    /// No padding: windows lie fully inside the input; `out = ⌊(in − k) / s⌋ + 1`.
    case valid
    /// Zero padding (TensorFlow's rule) so that `out = ⌈in / s⌉`; the odd cell of padding goes after.
    case same

    /// TensorFlow's output size and padding of one spatial dimension.
    ///
    /// - valid: `out = ⌊(in − k) / s⌋ + 1` (0 when `k > in`), no padding.
    /// - same: `out = ⌈in / s⌉`, `padTotal = max((out − 1)·s + k − in, 0)`,
    ///   `before = ⌊padTotal / 2⌋`, `after = padTotal − before`.
    /// - Precondition: `kernel ≥ 1`, `stride ≥ 1`, `input ≥ 0`.
    public func outputSize(input: Int, kernel: Int, stride: Int) -> (output: Int, before: Int, after: Int) {
        check(kernel >= 1 && stride >= 1 && input >= 0,
              "Padding.\(rawValue): needs kernel ≥ 1, stride ≥ 1, input ≥ 0, received input \(input), kernel \(kernel), stride \(stride)")
        switch self {
        case .valid:
            return (input < kernel ? 0 : (input - kernel) / stride + 1, 0, 0)
        case .same:
            let output = (input + stride - 1) / stride
            let total = Swift.max((output - 1) * stride + kernel - input, 0)
            return (output, total / 2, total - total / 2)
        }
    }
}

/// The geometry of a 2-D sliding window (convolution or pooling) over an NHWC batch:
/// input `[batch, height, width, channels]`, window `[kernelHeight, kernelWidth]`, output
/// `[batch, outputHeight, outputWidth, ·]`, with `padTop`/`padLeft` zero cells before the input.
public struct WindowGeometry: Equatable, Sendable {
    /// Batch size N.
    public let batch: Int
    /// Input height H.
    public let height: Int
    /// Input width W.
    public let width: Int
    /// Input channels C.
    public let channels: Int
    /// Window height KH.
    public let kernelHeight: Int
    /// Window width KW.
    public let kernelWidth: Int
    /// Vertical stride.
    public let strideHeight: Int
    /// Horizontal stride.
    public let strideWidth: Int
    /// Output height OH.
    public let outputHeight: Int
    /// Output width OW.
    public let outputWidth: Int
    /// Padding rows above the input (the rest goes below).
    public let padTop: Int
    /// Padding columns left of the input (the rest goes right).
    public let padLeft: Int

    /// The geometry of a `kernel` window moved by `strides` over `inputShape` `[N, H, W, C]`.
    /// - Precondition: rank-4 input, positive kernel and strides, and a window that fits the padded input.
    public init(inputShape: [Int], kernel: (Int, Int), strides: (Int, Int), padding: Padding, op: String = "window") {
        check(inputShape.count == 4, "\(op): needs an NHWC input of rank 4, received shape \(inputShape)")
        check(kernel.0 >= 1 && kernel.1 >= 1 && strides.0 >= 1 && strides.1 >= 1,
              "\(op): window \(kernel) and strides \(strides) must be positive (input shape \(inputShape))")
        batch = inputShape[0]; height = inputShape[1]; width = inputShape[2]; channels = inputShape[3]
        kernelHeight = kernel.0; kernelWidth = kernel.1
        strideHeight = strides.0; strideWidth = strides.1
        let rows = padding.outputSize(input: height, kernel: kernel.0, stride: strides.0)
        let cols = padding.outputSize(input: width, kernel: kernel.1, stride: strides.1)
        check(padding == .same || (kernel.0 <= height && kernel.1 <= width),
              "\(op): window \(kernel) is larger than the input \(inputShape) with padding '\(padding.rawValue)'")
        outputHeight = rows.output; outputWidth = cols.output
        padTop = rows.before; padLeft = cols.before
    }

    /// The geometry of a stride-1 `kernel` window over `inputShape` `[N, H, W, C]` with `padTop` and
    /// `padLeft` zero cells before the input and an `outputHeight` × `outputWidth` output (the
    /// windows of a convolution's input gradient, which 'same' and 'valid' do not name).
    init(inputShape: [Int], kernel: (Int, Int), padTop: Int, padLeft: Int, outputHeight: Int, outputWidth: Int) {
        batch = inputShape[0]; height = inputShape[1]; width = inputShape[2]; channels = inputShape[3]
        kernelHeight = kernel.0; kernelWidth = kernel.1
        strideHeight = 1; strideWidth = 1
        self.outputHeight = outputHeight; self.outputWidth = outputWidth
        self.padTop = padTop; self.padLeft = padLeft
    }

    /// Output positions over the batch, `N·OH·OW` (rows of the im2col matrix).
    public var outputPositions: Int { batch * outputHeight * outputWidth }
    /// Scalars in one window over all channels, `KH·KW·C` (columns of the im2col matrix).
    public var patchSize: Int { kernelHeight * kernelWidth * channels }
    /// Scalars in one input sample, `H·W·C`.
    public var sampleSize: Int { height * width * channels }

    /// The window's input rows `ih = oh·s − padTop + kh` restricted to the input, as a range of `kh`.
    @inline(__always)
    func validKernelRows(_ oh: Int) -> Range<Int> {
        let start = oh * strideHeight - padTop
        let low = Swift.max(0, -start)
        return low..<Swift.max(low, Swift.min(kernelHeight, height - start))
    }

    /// The window's input columns restricted to the input, as a range of `kw`.
    @inline(__always)
    func validKernelColumns(_ ow: Int) -> Range<Int> {
        let start = ow * strideWidth - padLeft
        let low = Swift.max(0, -start)
        return low..<Swift.max(low, Swift.min(kernelWidth, width - start))
    }

    /// The output columns whose window column `kw` falls inside the input
    /// (`0 ≤ ow·strideWidth − padLeft + kw < width`).
    @inline(__always)
    func validOutputColumns(_ kw: Int) -> Range<Int> {
        Self.validOutputs(offset: kw - padLeft, stride: strideWidth, input: width, output: outputWidth)
    }

    /// The output rows whose window row `kh` falls inside the input
    /// (`0 ≤ oh·strideHeight − padTop + kh < height`).
    @inline(__always)
    func validOutputRows(_ kh: Int) -> Range<Int> {
        Self.validOutputs(offset: kh - padTop, stride: strideHeight, input: height, output: outputHeight)
    }

    /// The outputs `o` with `0 ≤ o·stride + offset < input`, clipped to `0..<output` (an empty range
    /// still lies within `0...output`).
    @inline(__always)
    private static func validOutputs(offset: Int, stride: Int, input: Int, output: Int) -> Range<Int> {
        // o ≥ ⌈−offset / stride⌉ and o ≤ ⌊(input − 1 − offset) / stride⌋.
        let low = Swift.min(output, offset >= 0 ? 0 : (-offset + stride - 1) / stride)
        let last = input - 1 - offset
        let high = last < 0 ? 0 : Swift.min(output, last / stride + 1)
        return low..<Swift.max(low, high)
    }

    /// Whether the window reads the input as it is (1×1, stride 1, no padding): x is then its own
    /// im2col matrix.
    var isIdentityWindow: Bool {
        kernelHeight == 1 && kernelWidth == 1 && strideHeight == 1 && strideWidth == 1 && padTop == 0 && padLeft == 0
    }

    /// The `minimumCount` for `Parallel.forRanges` over the batch, so that only batches with
    /// enough total work (`workPerSample · N`) are split across cores.
    func parallelMinimumSamples(workPerSample: Int) -> Int {
        Swift.max(2, Parallel.minimumParallelCount / Swift.max(workPerSample, 1))
    }
}
