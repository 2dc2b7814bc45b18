// A convolution (bias, optional ReLU) and the max pooling after it as one op, with its pullback
// below: the kernel pools each chunk of the convolution's output while it is in cache
// (ConvolutionKernels+MaxPool.swift), and the convolution's output is never kept.

/// `maxPool2d(conv2d(x, kernel: kernel, bias: bias, strides: strides, padding: padding, relu: relu),
/// poolSize: poolSize, strides: poolStrides, padding: poolPadding)`, bit for bit, as one op when the
/// pooling windows are disjoint (pool size = strides, no padding cell: Keras's default
/// `MaxPooling2D`), and as the two ops otherwise. `kernelVariable` as for `conv2d(_:kernel:of:...)`.
///
/// Shapes: x `[N, H, W, C]`, kernel `[KH, KW, C, F]`, bias `[F]` → `[N, POH, POW, F]`.
/// The pullback scatters each output gradient to its window's winner (masked where the output is
/// not positive, with `relu`: there the convolution's output is the pooled value) and runs the
/// convolution's pullback on that; it keeps x, the kernel, the output and a byte per output.
/// - Precondition: as for `conv2d` and `maxPool2d`.
package func conv2dMaxPool(_ x: Tensor, kernel: Tensor, of kernelVariable: Variable? = nil, bias: Tensor? = nil,
                           strides: (Int, Int) = (1, 1), padding: Padding = .valid, relu: Bool = false,
                           poolSize: (Int, Int), poolStrides: (Int, Int), poolPadding: Padding) -> Tensor {
    let filters = checkConvolutionArguments(x, kernel: kernel, bias: bias, op: "conv2dMaxPool")
    let g = WindowGeometry(inputShape: x.shape, kernel: (kernel.shape[0], kernel.shape[1]),
                           strides: strides, padding: padding, op: "conv2d")
    let pool = WindowGeometry(inputShape: [g.batch, g.outputHeight, g.outputWidth, filters], kernel: poolSize,
                              strides: poolStrides, padding: poolPadding, op: "maxPool2d")
    guard PoolingKernels.hasDisjointWindows(pool) else {
        let y = conv2d(x, kernel: kernel, of: kernelVariable, bias: bias, strides: strides, padding: padding, relu: relu)
        return maxPool2d(y, poolSize: poolSize, strides: poolStrides, padding: poolPadding)
    }
    let needsInputGradient = x.isOnActiveTape, needsKernelGradient = kernel.isOnActiveTape
    let needsBiasGradient = bias?.isOnActiveTape ?? false
    let recording = needsInputGradient || needsKernelGradient || needsBiasGradient
    let plan = ConvolutionKernels.Plan(g, filters: filters)
    let transformed = keptWinogradKernel(kernel, of: kernelVariable, plan: plan, g, filters: filters,
                                         differentiated: needsKernelGradient)
    let outShape = [g.batch, pool.outputHeight, pool.outputWidth, filters]
    let count = outShape.reduce(1, *)
    var winners = [UInt8](unsafeUninitializedCapacity: recording ? count : 0) { $1 = recording ? count : 0 }
    let out = Tensor(shape: outShape) { o in
        x.storage.withUnsafeBufferPointer { xp in
            kernel.storage.withUnsafeBufferPointer { kp in
                bias.withUnsafeBufferPointer { bp in
                    transformed.withOptionalBuffer { u in
                        winners.withUnsafeMutableBufferPointer { wp in
                            ConvolutionKernels.forwardMaxPooled(xp, kernel: kp, bias: bp, g, filters: filters, relu: relu,
                                                                pool: pool, into: o, winners: recording ? wp : nil,
                                                                plan: plan, winogradKernel: u)
                        }
                    }
                }
            }
        }
    }
    guard recording else { return out }
    let (inputValues, kernelValues, outputValues, cells) = (x.storage, kernel.storage, out.storage, winners)
    let (inputShape, kernelShape) = (x.shape, kernel.shape)
    let inputs = bias.map { [x, kernel, $0] } ?? [x, kernel]
    let hasBias = bias != nil
    return recordOperation(inputs: inputs, output: out) { grad in
        if !needsInputGradient && plan.directKernelGradient {
            // A first layer: dKernel and dBias straight from the pooled gradient and the winners,
            // the convolution's output gradient never written out (bit for bit the path below).
            return conv2dMaxPoolWeightGradients(grad.storage, winners: cells, mask: relu ? outputValues : nil, pool: pool,
                                                x: inputValues, g, filters: filters, kernelShape: kernelShape,
                                                needsKernelGradient: needsKernelGradient,
                                                needsBiasGradient: needsBiasGradient, hasBias: hasBias)
        }
        // The convolution's output gradient: each window's (masked by ReLU's output there, the
        // pooled value) at its winner, 0 elsewhere, as maxPool2d's pullback then conv2d's mask give it.
        let convolvedGradient = [Float](unsafeUninitializedCapacity: g.outputPositions * filters) { dy, initialized in
            grad.storage.withUnsafeBufferPointer { gp in
                cells.withUnsafeBufferPointer { w in
                    outputValues.withUnsafeBufferPointer { y in
                        PoolingKernels.maxPoolDisjointBackward(gp, winners: w, pool, into: dy, mask: relu ? y : nil)
                    }
                }
            }
            initialized = g.outputPositions * filters
        }
        return conv2dGradients(convolvedGradient, output: nil, x: inputValues, inputShape: inputShape, kernel: kernelValues,
                               kernelShape: kernelShape, g, filters: filters, needsInputGradient: needsInputGradient,
                               needsKernelGradient: needsKernelGradient, needsBiasGradient: needsBiasGradient,
                               hasBias: hasBias)
    }
}

/// conv2dMaxPool's pullback for a convolution whose input needs no gradient: dKernel and dBias by
/// `ConvolutionKernels.directKernelGradient(pooled:...)`, as `conv2dGradients` returns them.
private func conv2dMaxPoolWeightGradients(_ grad: [Float], winners: [UInt8], mask: [Float]?, pool: WindowGeometry,
                                          x inputValues: [Float], _ g: WindowGeometry, filters: Int, kernelShape: [Int],
                                          needsKernelGradient: Bool, needsBiasGradient: Bool, hasBias: Bool) -> [Tensor?] {
    var dKernel = [Float](repeating: 0, count: g.patchSize * filters)
    var dBias = [Float](repeating: 0, count: filters)
    grad.withUnsafeBufferPointer { gp in
        winners.withUnsafeBufferPointer { wp in
            (mask ?? []).withUnsafeBufferPointer { mp in
                inputValues.withUnsafeBufferPointer { xp in
                    dKernel.withUnsafeMutableBufferPointer { dk in
                        dBias.withUnsafeMutableBufferPointer { db in
                            guard let gBase = gp.baseAddress, let wBase = wp.baseAddress, let xBase = xp.baseAddress else { return }
                            ConvolutionKernels.directKernelGradient(
                                pooled: gBase, mask: mask == nil ? nil : mp.baseAddress, winners: wBase, pool: pool, x: xBase, g,
                                filters: filters, dKernel: needsKernelGradient ? dk.baseAddress : nil,
                                dBias: needsBiasGradient ? db.baseAddress : nil)
                        }
                    }
                }
            }
        }
    }
    let dKernelTensor = needsKernelGradient ? Tensor(shape: kernelShape, scalars: dKernel) : nil
    let dBiasTensor = needsBiasGradient ? Tensor(shape: [filters], scalars: dBias) : nil
    return hasBias ? [nil, dKernelTensor, dBiasTensor] : [nil, dKernelTensor]
}
