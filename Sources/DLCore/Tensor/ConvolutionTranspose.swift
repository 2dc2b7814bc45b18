// 2-D transposed convolution (the adjoint of conv2d, run by the convolution kernels; see
// ConvolutionKernels+Transposed.swift) with its pullback below.

extension Padding {
    /// Keras's output size of a transposed convolution along one axis (`output_padding` unset):
    /// valid `(in − 1)·s + max(k, s)`, same `in·s`.
    /// - Precondition: `kernel ≥ 1`, `stride ≥ 1`, `input ≥ 0`.
    public func transposedOutputSize(input: Int, kernel: Int, stride: Int) -> Int {
        check(kernel >= 1 && stride >= 1 && input >= 0,
              "Padding.\(rawValue): needs kernel ≥ 1, stride ≥ 1, input ≥ 0, received input \(input), kernel \(kernel), stride \(stride)")
        guard input > 0 else { return 0 }
        switch self {
        case .valid: return (input - 1) * stride + Swift.max(kernel, stride)
        case .same: return input * stride
        }
    }
}

extension WindowGeometry {
    /// The geometry of the convolution that a transposed convolution of `inputShape` `[N, H, W, C]`
    /// with `filters` output channels transposes: input `[N, OH, OW, filters]` (Keras's sizes, see
    /// `Padding.transposedOutputSize`), window `kernel`, output `[N, H, W]`, with TensorFlow's
    /// padding for that convolution.
    /// - Precondition: rank-4 input, positive kernel, strides and filters.
    public init(transposing inputShape: [Int], kernel: (Int, Int), filters: Int, strides: (Int, Int), padding: Padding,
                op: String = "conv2dTranspose") {
        check(inputShape.count == 4 && filters >= 1 && kernel.0 >= 1 && kernel.1 >= 1 && strides.0 >= 1 && strides.1 >= 1,
              "\(op): needs an NHWC input of rank 4, a positive window, strides and filters, received input \(inputShape), window \(kernel), strides \(strides), filters \(filters)")
        let height = padding.transposedOutputSize(input: inputShape[1], kernel: kernel.0, stride: strides.0)
        let width = padding.transposedOutputSize(input: inputShape[2], kernel: kernel.1, stride: strides.1)
        self.init(inputShape: [inputShape[0], height, width, filters], kernel: kernel, strides: strides, padding: padding, op: op)
        check(outputHeight == inputShape[1] && outputWidth == inputShape[2],
              "\(op): the convolution of \([inputShape[0], height, width, filters]) does not come back to \(inputShape)")
    }
}

/// 2-D transposed convolution (Keras `Conv2DTranspose`, TensorFlow's `conv2d_transpose`) of an
/// NHWC batch, optionally followed by ReLU: the input gradient of `conv2d` with the same kernel.
///
/// Shapes: x `[N, H, W, C]`, kernel `[KH, KW, F, C]` (Keras layout), bias `[F]` →
/// `[N, OH, OW, F]` with `OH = (H − 1)·s + max(KH, s)` for `.valid` and `H·s` for `.same`
/// (Keras's rule with `output_padding` unset; likewise OW). Each input cell adds its window,
/// scaled by the kernel, onto the output (stride apart, overlapping windows summing); 'same'
/// crops the result as TensorFlow does. The bias and, with `relu: true`, `max(·, 0)` are applied in
/// one pass over the output. The work runs through the convolution's GEMM kernels: the output is
/// the convolution's dx (`col2im(x·Kᵀ)`), and the pullback is the convolution's forward pass
/// (`dx = conv2d(g, K)`) and its kernel gradient (`dKernel = im2col(g)ᵀ·x`), `dBias = Σ g`, with g
/// masked where the output is 0 when `relu` is set.
/// - Precondition: x has rank 4, kernel has rank 4 with `C` input channels, bias is `[F]`,
///   strides are positive.
public func conv2dTranspose(_ x: Tensor, kernel: Tensor, bias: Tensor? = nil,
                            strides: (Int, Int) = (1, 1), padding: Padding = .valid, relu: Bool = false) -> Tensor {
    check(x.rank == 4 && kernel.rank == 4 && x.shape[3] == kernel.shape[3],
          "conv2dTranspose: input \(x.shape) (NHWC) does not fit kernel \(kernel.shape) ([KH, KW, F, C])")
    let (filters, channels) = (kernel.shape[2], kernel.shape[3])
    if let bias {
        check(bias.shape == [filters], "conv2dTranspose: bias \(bias.shape) does not fit kernel \(kernel.shape) (needs [\(filters)])")
    }
    let g = WindowGeometry(transposing: x.shape, kernel: (kernel.shape[0], kernel.shape[1]), filters: filters,
                           strides: strides, padding: padding, op: "conv2dTranspose")
    let out = Tensor(shape: [g.batch, g.height, g.width, filters]) { o in
        x.storage.withUnsafeBufferPointer { xp in
            kernel.storage.withUnsafeBufferPointer { kp in
                bias.withUnsafeBufferPointer {
                    ConvolutionKernels.transposedForward(xp, kernel: kp, bias: $0, g, channels: channels, relu: relu, into: o)
                }
            }
        }
    }
    let needsInputGradient = x.isOnActiveTape
    let needsKernelGradient = kernel.isOnActiveTape
    let needsBiasGradient = bias?.isOnActiveTape ?? false
    guard needsInputGradient || needsKernelGradient || needsBiasGradient else { return out }
    // The pullback keeps the input, the kernel and (for the ReLU mask) the output's scalars.
    let (inputValues, kernelValues) = (x.storage, kernel.storage)
    let outputValues = relu ? out.storage : []
    let (inputShape, kernelShape) = (x.shape, kernel.shape)
    let inputs = bias.map { [x, kernel, $0] } ?? [x, kernel]
    return recordOperation(inputs: inputs, output: out) { grad in
        // Written in full by the kernels (sized 0 when not needed).
        func uninitialized(_ count: Int) -> [Float] { [Float](unsafeUninitializedCapacity: count) { $1 = count } }
        var dx = uninitialized(needsInputGradient ? inputValues.count : 0)
        var dKernel = uninitialized(needsKernelGradient ? kernelValues.count : 0)
        var dBias = uninitialized(needsBiasGradient ? filters : 0)
        grad.storage.withUnsafeBufferPointer { gp in
            outputValues.withUnsafeBufferPointer { yp in
                inputValues.withUnsafeBufferPointer { xp in
                    kernelValues.withUnsafeBufferPointer { kp in
                        dx.withUnsafeMutableBufferPointer { dxp in
                            dKernel.withUnsafeMutableBufferPointer { dk in
                                dBias.withUnsafeMutableBufferPointer { db in
                                    ConvolutionKernels.transposedBackward(
                                        gp, output: relu ? yp : nil, relu: relu, x: xp, kernel: kp, g, channels: channels,
                                        dx: needsInputGradient ? dxp : nil, dKernel: needsKernelGradient ? dk : nil,
                                        dBias: needsBiasGradient ? db : nil)
                                }
                            }
                        }
                    }
                }
            }
        }
        let dxTensor = needsInputGradient ? Tensor(shape: inputShape, scalars: dx) : nil
        let dKernelTensor = needsKernelGradient ? Tensor(shape: kernelShape, scalars: dKernel) : nil
        let dBiasTensor = needsBiasGradient ? Tensor(shape: [filters], scalars: dBias) : nil
        return bias == nil ? [dxTensor, dKernelTensor] : [dxTensor, dKernelTensor, dBiasTensor]
    }
}
