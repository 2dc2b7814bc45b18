// 2-D max and average pooling over NHWC batches, with pullbacks below each forward.

/// Max pooling of an NHWC batch: the largest value of each window, per channel.
///
/// Shapes: x `[N, H, W, C]` → `[N, OH, OW, C]`, with `OH`, `OW` from `padding` (TensorFlow's
/// rule); padded cells never win. The gradient goes to each window's winner (the first maximum;
/// the first NaN when a window holds one).
/// - Precondition: x has rank 4, pool size and strides are positive and the window fits the input.
public func maxPool2d(_ x: Tensor, poolSize: (Int, Int), strides: (Int, Int), padding: Padding) -> Tensor {
    let g = WindowGeometry(inputShape: x.shape, kernel: poolSize, strides: strides, padding: padding, op: "maxPool2d")
    let outShape = [g.batch, g.outputHeight, g.outputWidth, g.channels]
    let inputShape = x.shape
    if PoolingKernels.hasDisjointWindows(g) {
        // Disjoint windows (the usual pool size = strides): when training, the forward pass notes
        // each output's winning cell in a byte, which is all the pullback needs.
        guard x.isOnActiveTape else {
            return Tensor(shape: outShape) { o in
                x.storage.withUnsafeBufferPointer { PoolingKernels.maxPoolDisjoint($0, g, into: o) }
            }
        }
        let count = outShape.reduce(1, *)
        var winners = [UInt8](unsafeUninitializedCapacity: count) { $1 = count }
        let out = Tensor(shape: outShape) { o in
            x.storage.withUnsafeBufferPointer { xp in
                winners.withUnsafeMutableBufferPointer { PoolingKernels.maxPoolDisjoint(xp, g, into: o, winners: $0) }
            }
        }
        let cells = winners
        return recordOperation(inputs: [x], output: out) { grad in
            [Tensor(shape: inputShape) { dx in
                grad.storage.withUnsafeBufferPointer { gp in
                    cells.withUnsafeBufferPointer { PoolingKernels.maxPoolDisjointBackward(gp, winners: $0, g, into: dx) }
                }
            }]
        }
    }
    let count = outShape.reduce(1, *)
    var argmax = [Int32](unsafeUninitializedCapacity: count) { $1 = count }
    let out = Tensor(shape: outShape) { o in
        x.storage.withUnsafeBufferPointer { xp in
            argmax.withUnsafeMutableBufferPointer { PoolingKernels.maxPool(xp, g, into: o, argmax: $0) }
        }
    }
    let winners = argmax
    return recordOperation(inputs: [x], output: out) { grad in
        [Tensor(shape: inputShape) { dx in
            grad.storage.withUnsafeBufferPointer { gp in
                winners.withUnsafeBufferPointer { PoolingKernels.maxPoolBackward(gp, argmax: $0, g, into: dx) }
            }
        }]
    }
}

/// Average pooling of an NHWC batch: the mean of each window's real cells, per channel.
///
/// Shapes: x `[N, H, W, C]` → `[N, OH, OW, C]`, with `OH`, `OW` from `padding` (TensorFlow's
/// rule). With `.same` padding, border windows divide by their number of non-padded cells, as
/// TF/Keras do.
/// - Precondition: x has rank 4, pool size and strides are positive and the window fits the input.
public func avgPool2d(_ x: Tensor, poolSize: (Int, Int), strides: (Int, Int), padding: Padding) -> Tensor {
    let g = WindowGeometry(inputShape: x.shape, kernel: poolSize, strides: strides, padding: padding, op: "avgPool2d")
    let out = Tensor(shape: [g.batch, g.outputHeight, g.outputWidth, g.channels]) { o in
        x.storage.withUnsafeBufferPointer { PoolingKernels.avgPool($0, g, into: o) }
    }
    let inputShape = x.shape
    return recordOperation(inputs: [x], output: out) { grad in
        [Tensor(shape: inputShape) { dx in
            grad.storage.withUnsafeBufferPointer { PoolingKernels.avgPoolBackward($0, g, into: dx) }
        }]
    }
}
