// A convolution (bias, no activation) with a residual added and, optionally, ReLU, as one op at
// inference (ConvolutionKernels+Residual.swift): a residual block's last convolution, its Add and
// the ReLU after it. While gradients are recorded it is the unfused ops, with their pullbacks.

/// `relu(conv2d(x, kernel, bias) + residual)` (without `relu`, the sum), bit for bit the
/// unfused ops (`elementwiseSumReLU([conv2d(...), residual])`), in one pass over each chunk of the
/// convolution's output. `kernelVariable` as for `conv2d(_:kernel:of:...)`.
///
/// Shapes: x `[N, H, W, C]`, kernel `[KH, KW, C, F]`, bias `[F]`, residual `[N, OH, OW, F]` (the
/// convolution's output shape) → `[N, OH, OW, F]`.
/// - Precondition: as for `conv2d`, and residual of the convolution's output shape.
package func conv2dAddingResidual(_ x: Tensor, kernel: Tensor, of kernelVariable: Variable? = nil, bias: Tensor? = nil,
                                  residual: Tensor, strides: (Int, Int) = (1, 1), padding: Padding = .valid,
                                  relu: Bool) -> Tensor {
    let filters = checkConvolutionArguments(x, kernel: kernel, bias: bias, op: "conv2dAddingResidual")
    let g = WindowGeometry(inputShape: x.shape, kernel: (kernel.shape[0], kernel.shape[1]),
                           strides: strides, padding: padding, op: "conv2d")
    let outShape = [g.batch, g.outputHeight, g.outputWidth, filters]
    check(residual.shape == outShape,
          "conv2dAddingResidual: residual \(residual.shape) does not fit the convolution's output \(outShape)")
    guard !isRecordingGradients else {
        let y = conv2d(x, kernel: kernel, of: kernelVariable, bias: bias, strides: strides, padding: padding)
        return relu ? elementwiseSumReLU([y, residual]) : elementwiseSum([y, residual])
    }
    let plan = ConvolutionKernels.Plan(g, filters: filters)
    let transformed = keptWinogradKernel(kernel, of: kernelVariable, plan: plan, g, filters: filters, differentiated: false)
    return Tensor(shape: outShape) { o in
        x.storage.withUnsafeBufferPointer { xp in
            kernel.storage.withUnsafeBufferPointer { kp in
                bias.withUnsafeBufferPointer { bp in
                    residual.storage.withUnsafeBufferPointer { rp in
                        transformed.withOptionalBuffer { u in
                            ConvolutionKernels.forwardAddingResidual(xp, kernel: kp, bias: bp, g, filters: filters,
                                                                     residual: rp, relu: relu, into: o, plan: plan,
                                                                     winogradKernel: u)
                        }
                    }
                }
            }
        }
    }
}
