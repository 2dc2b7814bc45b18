// Depthwise 2-D convolution (direct channels-last kernels, see DepthwiseKernels) with its pullback below.

/// Depthwise 2-D convolution (cross-correlation, as in Keras's `DepthwiseConv2D`) of an NHWC batch:
/// each input channel `c` is convolved with its own `M` kernels, giving output channels `c·M + m`.
///
/// Shapes: x `[N, H, W, C]`, kernel `[KH, KW, C, M]` (Keras layout, M the depth multiplier), bias
/// `[C·M]` → `[N, OH, OW, C·M]`, with `OH`, `OW` from `padding` (TensorFlow's rule, see `Padding`).
/// The pullback gives dx, dKernel and dBias from the direct kernels (`DepthwiseKernels`), each
/// computed only when its input is on the tape.
/// - Precondition: x and kernel have rank 4 with the same channels `C`, bias is `[C·M]`, strides are
///   positive and the kernel fits the (padded) input.
public func depthwiseConv2d(_ x: Tensor, kernel: Tensor, bias: Tensor? = nil,
                            strides: (Int, Int) = (1, 1), padding: Padding = .valid) -> Tensor {
    check(x.rank == 4 && kernel.rank == 4 && x.shape[3] == kernel.shape[2],
          "depthwiseConv2d: input \(x.shape) (NHWC) does not fit kernel \(kernel.shape) ([KH, KW, C, M])")
    let multiplier = kernel.shape[3], channels = x.shape[3] * kernel.shape[3]
    if let bias {
        check(bias.shape == [channels], "depthwiseConv2d: bias \(bias.shape) does not fit kernel \(kernel.shape) (needs [\(channels)])")
    }
    let g = WindowGeometry(inputShape: x.shape, kernel: (kernel.shape[0], kernel.shape[1]),
                           strides: strides, padding: padding, op: "depthwiseConv2d (kernel \(kernel.shape))")
    let out = Tensor(shape: [g.batch, g.outputHeight, g.outputWidth, channels]) { o in
        x.storage.withUnsafeBufferPointer { xp in
            kernel.storage.withUnsafeBufferPointer { kp in
                bias.withUnsafeBufferPointer {
                    DepthwiseKernels.forward(xp, kernel: kp, bias: $0, g, multiplier: multiplier, into: o)
                }
            }
        }
    }
    let needsInputGradient = x.isOnActiveTape
    let needsKernelGradient = kernel.isOnActiveTape
    let needsBiasGradient = bias?.isOnActiveTape ?? false
    guard needsInputGradient || needsKernelGradient || needsBiasGradient else { return out }
    let (inputValues, kernelValues) = (x.storage, kernel.storage)
    let (inputShape, kernelShape) = (x.shape, kernel.shape)
    let inputs = bias.map { [x, kernel, $0] } ?? [x, kernel]
    return recordOperation(inputs: inputs, output: out) { grad in
        var dx: Tensor?
        if needsInputGradient {
            dx = Tensor(shape: inputShape) { dxp in
                grad.storage.withUnsafeBufferPointer { gp in
                    kernelValues.withUnsafeBufferPointer { kp in
                        DepthwiseKernels.inputGradient(gp, kernel: kp, g, multiplier: multiplier, into: dxp)
                    }
                }
            }
        }
        var dKernel = needsKernelGradient ? [Float](repeating: 0, count: kernelValues.count) : nil
        var dBias = needsBiasGradient ? [Float](repeating: 0, count: channels) : nil
        if needsKernelGradient || needsBiasGradient {
            grad.storage.withUnsafeBufferPointer { gp in
                inputValues.withUnsafeBufferPointer { xp in
                    withOptionalBuffers(&dKernel, &dBias) { dk, db in
                        DepthwiseKernels.weightGradients(gp, x: xp, g, multiplier: multiplier, dKernel: dk, dBias: db)
                    }
                }
            }
        }
        let dKernelTensor = dKernel.map { Tensor(shape: kernelShape, scalars: $0) }
        let dBiasTensor = dBias.map { Tensor(shape: [channels], scalars: $0) }
        return bias == nil ? [dx, dKernelTensor] : [dx, dKernelTensor, dBiasTensor]
    }
}

/// Calls `body` with mutable buffers over the scalars of `a` and `b`, or `nil` for an absent array.
private func withOptionalBuffers(_ a: inout [Float]?, _ b: inout [Float]?,
                                 _ body: (UnsafeMutableBufferPointer<Float>?, UnsafeMutableBufferPointer<Float>?) -> Void) {
    var first = a ?? [], second = b ?? []
    let (hasFirst, hasSecond) = (a != nil, b != nil)
    (a, b) = (nil, nil)   // keeps the arrays uniquely referenced: written in place
    first.withUnsafeMutableBufferPointer { fp in
        second.withUnsafeMutableBufferPointer { sp in body(hasFirst ? fp : nil, hasSecond ? sp : nil) }
    }
    if hasFirst { a = first }
    if hasSecond { b = second }
}
