// 2-D convolution (chunked im2col + GEMM, see ConvolutionKernels) with its pullback below.

/// 2-D convolution (cross-correlation, as in Keras) of an NHWC batch, optionally followed by ReLU.
///
/// Shapes: x `[N, H, W, C]`, kernel `[KH, KW, C, F]` (Keras layout), bias `[F]` →
/// `[N, OH, OW, F]`, with `OH`, `OW` from `padding` (TensorFlow's rule, see `Padding`).
/// The bias and, with `relu: true`, `max(·, 0)` are applied in the convolution's output pass, so
/// `conv2d(x, kernel: k, bias: b, relu: true)` equals `relu(conv2d(x, kernel: k, bias: b))`
/// without a second pass or a second tensor. The batch is processed in cache-sized chunks of
/// samples, each an im2col + one GEMM; the pullback recomputes each chunk's im2col matrix rather
/// than keeping the batch's (`dKernel = colsᵀ·g`, `dx = col2im(g·Kᵀ)`, `dBias = Σ g`, with g
/// masked where the output is 0 when `relu` is set). 3×3 stride-1 convolutions with at least 16
/// channels and filters run Winograd's algorithm instead for the output, dKernel and dx; with
/// vector units, the others' dKernel and dBias are summed without an im2col matrix, and with
/// AVX-512 their forward pass too (see `ConvolutionKernels.Plan`).
/// - Precondition: x has rank 4, kernel has rank 4 with `C` input channels, bias is `[F]`,
///   strides are positive and the kernel fits the (padded) input.
public func conv2d(_ x: Tensor, kernel: Tensor, bias: Tensor? = nil,
                   strides: (Int, Int) = (1, 1), padding: Padding = .valid, relu: Bool = false) -> Tensor {
    conv2d(x, kernel: kernel, of: nil, bias: bias, strides: strides, padding: padding, relu: relu)
}

/// `conv2d` with the variable `kernel` was read from (a layer's), which then keeps the kernel's
/// Winograd transform between calls while its value is unchanged and the kernel is not being
/// differentiated (inference: `Variable.derivedScalars`). Same result, bit for bit.
package func conv2d(_ x: Tensor, kernel: Tensor, of kernelVariable: Variable?, bias: Tensor? = nil,
                    strides: (Int, Int) = (1, 1), padding: Padding = .valid, relu: Bool = false) -> Tensor {
    let filters = checkConvolutionArguments(x, kernel: kernel, bias: bias, op: "conv2d")
    // A constant name: interpolating the kernel's shape here built a string on every call (about
    // 3% of a single-image LeNet-5 call); each message names the window anyway.
    let g = WindowGeometry(inputShape: x.shape, kernel: (kernel.shape[0], kernel.shape[1]),
                           strides: strides, padding: padding, op: "conv2d")
    let needsInputGradient = x.isOnActiveTape, needsKernelGradient = kernel.isOnActiveTape
    let needsBiasGradient = bias?.isOnActiveTape ?? false
    let recording = needsInputGradient || needsKernelGradient || needsBiasGradient
    let plan = ConvolutionKernels.Plan(g, filters: filters)
    let transformed = keptWinogradKernel(kernel, of: kernelVariable, plan: plan, g, filters: filters,
                                         differentiated: needsKernelGradient)
    let out = Tensor(shape: [g.batch, g.outputHeight, g.outputWidth, filters]) { o in
        x.storage.withUnsafeBufferPointer { xp in
            kernel.storage.withUnsafeBufferPointer { kp in
                bias.withUnsafeBufferPointer { bp in
                    transformed.withOptionalBuffer {
                        ConvolutionKernels.forward(xp, kernel: kp, bias: bp, g, filters: filters, relu: relu, into: o,
                                                   plan: plan, winogradKernel: $0)
                    }
                }
            }
        }
    }
    guard recording else { return out }
    // The pullback keeps the input, the kernel and (for the ReLU mask) the output's scalars.
    let (inputValues, kernelValues) = (x.storage, kernel.storage)
    let outputValues = relu ? out.storage : []
    let (inputShape, kernelShape) = (x.shape, kernel.shape)
    let inputs = bias.map { [x, kernel, $0] } ?? [x, kernel]
    let hasBias = bias != nil
    return recordOperation(inputs: inputs, output: out) { grad in
        conv2dGradients(grad.storage, output: relu ? outputValues : nil, x: inputValues, inputShape: inputShape,
                        kernel: kernelValues, kernelShape: kernelShape, g, filters: filters, needsInputGradient: needsInputGradient,
                        needsKernelGradient: needsKernelGradient, needsBiasGradient: needsBiasGradient, hasBias: hasBias)
    }
}

/// The pullback of `conv2d` (and of `conv2dMaxPool`, from the convolution's output gradient):
/// `[dx, dKernel]`, then `dBias` when there is a bias, each nil where not needed. With `output`,
/// `grad` is masked where it is not positive (ReLU's pullback).
/// Shapes: grad, output `[N, OH, OW, F]`, x `[N, H, W, C]`, kernel `[KH, KW, C, F]`.
func conv2dGradients(_ grad: [Float], output: [Float]?, x inputValues: [Float], inputShape: [Int],
                     kernel kernelValues: [Float], kernelShape: [Int], _ g: WindowGeometry, filters: Int,
                     needsInputGradient: Bool, needsKernelGradient: Bool, needsBiasGradient: Bool,
                     hasBias: Bool) -> [Tensor?] {
    let relu = output != nil, outputValues = output ?? []
    var dx = needsInputGradient ? [Float](unsafeUninitializedCapacity: inputValues.count) { $1 = inputValues.count } : nil
    var dKernel = [Float](unsafeUninitializedCapacity: kernelValues.count) { $1 = kernelValues.count }
    var dBias = [Float](repeating: 0, count: filters)
    grad.withUnsafeBufferPointer { gp in
        outputValues.withUnsafeBufferPointer { yp in
            inputValues.withUnsafeBufferPointer { xp in
                kernelValues.withUnsafeBufferPointer { kp in
                    dKernel.withUnsafeMutableBufferPointer { dk in
                        dBias.withUnsafeMutableBufferPointer { db in
                            withOptionalMutableBuffer(&dx) { dxp in
                                ConvolutionKernels.backward(
                                    gp, output: relu ? yp : nil, relu: relu, x: xp, kernel: kp, g, filters: filters,
                                    dx: dxp, dKernel: needsKernelGradient ? dk : nil,
                                    dBias: needsBiasGradient ? db : nil)
                            }
                        }
                    }
                }
            }
        }
    }
    let dxTensor = dx.map { Tensor(shape: inputShape, scalars: $0) }
    let dKernelTensor = needsKernelGradient ? Tensor(shape: kernelShape, scalars: dKernel) : nil
    let dBiasTensor = needsBiasGradient ? Tensor(shape: [filters], scalars: dBias) : nil
    return hasBias ? [dxTensor, dKernelTensor, dBiasTensor] : [dxTensor, dKernelTensor]
}

/// Calls `body` with a mutable buffer over `array`'s scalars, or `nil` when there is no array.
private func withOptionalMutableBuffer(_ array: inout [Float]?, _ body: (UnsafeMutableBufferPointer<Float>?) -> Void) {
    guard var values = array else { return body(nil) }
    array = nil   // keeps `values` uniquely referenced: written in place
    values.withUnsafeMutableBufferPointer { body($0) }
    array = values
}

/// Checks a convolution's input `[N, H, W, C]`, kernel `[KH, KW, C, F]` and bias `[F]` for `op`
/// (trapping with both shapes) and returns the filter count F.
func checkConvolutionArguments(_ x: Tensor, kernel: Tensor, bias: Tensor?, op: String) -> Int {
    check(x.rank == 4 && kernel.rank == 4 && x.shape[3] == kernel.shape[2],
          "\(op): input \(x.shape) (NHWC) does not fit kernel \(kernel.shape) ([KH, KW, C, F])")
    let filters = kernel.shape[3]
    if let bias {
        check(bias.shape == [filters], "\(op): bias \(bias.shape) does not fit kernel \(kernel.shape) (needs [\(filters)])")
    }
    return filters
}

/// The Winograd transform of `kernel` that `kernelVariable` keeps between calls
/// (`Variable.derivedScalars`), for a `plan` that runs Winograd; nil otherwise, or when the kernel
/// is `differentiated` (it changes at every step: its transform is not worth keeping).
func keptWinogradKernel(_ kernel: Tensor, of kernelVariable: Variable?, plan: ConvolutionKernels.Plan,
                        _ g: WindowGeometry, filters: Int, differentiated: Bool) -> [Float]? {
    guard plan.winograd, !plan.direct, !differentiated, let kernelVariable else { return nil }
    return kernelVariable.derivedScalars(of: kernel, key: plan.winogradTile.rawValue) {
        ConvolutionKernels.winogradTransformedKernel($0, channels: g.channels, filters: filters, tile: plan.winogradTile)
    }
}
