// Element-wise merges of n tensors of one shape (Keras's Add, Average, Multiply, Maximum) and the
// Siamese L1 distance, each one pass through `MergeKernels` with its pullback right below.

/// Calls `body` with a pointer to each tensor's scalars, in order.
func withScalarPointers<R>(_ tensors: [Tensor], _ body: ([UnsafePointer<Float>]) -> R) -> R {
    func nest(_ index: Int, _ pointers: [UnsafePointer<Float>]) -> R {
        if index == tensors.count { return body(pointers) }
        return tensors[index].withUnsafeBufferPointer { nest(index + 1, pointers + [$0.baseAddress!]) }
    }
    return nest(0, [])
}

/// Traps unless `tensors` are at least one and all of one shape.
private func checkSameShapes(_ tensors: [Tensor], _ op: String) {
    check(!tensors.isEmpty, "\(op): needs at least one tensor")
    check(tensors.allSatisfy { $0.shape == tensors[0].shape }, "\(op): shapes \(tensors.map(\.shape)) differ")
}

/// `(Σ_k x_k) / divisor` over tensors of one shape, in one pass.
private func scaledSum(_ tensors: [Tensor], divisor: Float, _ op: String) -> Tensor {
    checkSameShapes(tensors, op)
    let shape = tensors[0].shape
    let out = Tensor(shape: shape) { o in
        withScalarPointers(tensors) { MergeKernels.sum($0, count: o.count, divisor: divisor, into: o.baseAddress!) }
    }
    let needs = tensors.map(\.isOnActiveTape)
    return recordOperation(inputs: tensors, output: out) { g in
        let grad = divisor == 1 ? g : g / divisor
        return needs.map { $0 ? grad : nil }
    }
}

/// The element-wise sum of tensors of one shape (Keras `Add`), in one pass; each input's gradient is `g`.
/// - Precondition: at least one tensor, all of the same shape.
public func elementwiseSum(_ tensors: [Tensor]) -> Tensor { scaledSum(tensors, divisor: 1, "elementwiseSum") }

/// `relu(elementwiseSum(tensors))` in one pass (a residual block's Add then ReLU): the sum in
/// input order, then `max(·, 0)` (NaN kept); every input's gradient is g where the output is
/// positive, 0 elsewhere (one tensor, shared by the inputs). Shapes: `[...] × n → [...]`.
/// - Precondition: at least one tensor, all of the same shape.
public func elementwiseSumReLU(_ tensors: [Tensor]) -> Tensor {
    checkSameShapes(tensors, "elementwiseSumReLU")
    let out = Tensor(shape: tensors[0].shape) { o in
        withScalarPointers(tensors) { MergeKernels.sumReLU($0, count: o.count, into: o.baseAddress!) }
    }
    let needs = tensors.map(\.isOnActiveTape)
    return recordOperation(inputs: tensors, output: out) { g in
        let masked = Tensor(shape: g.shape) { d in
            withScalarPointers([g, out]) { pointers in
                Parallel.forRanges(d.count) { first, last in
                    ActivationKernels.reluBackward(pointers[0] + first, pointers[1] + first, into: d.baseAddress! + first,
                                                   count: last - first)
                }
            }
        }
        return needs.map { $0 ? masked : nil }
    }
}

/// The element-wise mean of tensors of one shape (Keras `Average`: the sum divided by their number).
/// - Precondition: at least one tensor, all of the same shape.
public func elementwiseAverage(_ tensors: [Tensor]) -> Tensor {
    scaledSum(tensors, divisor: Float(tensors.count), "elementwiseAverage")
}

/// The element-wise product of tensors of one shape (Keras `Multiply`), in one pass; input k's
/// gradient is `g · Π_{j≠k} x_j`.
/// - Precondition: at least one tensor, all of the same shape.
public func elementwiseProduct(_ tensors: [Tensor]) -> Tensor {
    checkSameShapes(tensors, "elementwiseProduct")
    let shape = tensors[0].shape
    let out = Tensor(shape: shape) { o in
        withScalarPointers(tensors) { MergeKernels.product($0, count: o.count, into: o.baseAddress!) }
    }
    let saved = tensors.map(\.detached)
    let needs = tensors.map(\.isOnActiveTape)
    return recordOperation(inputs: tensors, output: out) { g in
        needs.enumerated().map { k, need in
            guard need else { return nil }
            return Tensor(shape: shape) { dx in
                g.withUnsafeBufferPointer { gp in
                    withScalarPointers(saved) {
                        MergeKernels.productGradient(gp.baseAddress!, $0, skipping: k, count: dx.count, into: dx.baseAddress!)
                    }
                }
            }
        }
    }
}

/// The element-wise maximum of tensors of one shape (Keras `Maximum`), in one pass; the gradient
/// goes to the first input holding the maximum.
/// - Precondition: at least one tensor, all of the same shape.
public func elementwiseMaximum(_ tensors: [Tensor]) -> Tensor {
    checkSameShapes(tensors, "elementwiseMaximum")
    let shape = tensors[0].shape
    let out = Tensor(shape: shape) { o in
        withScalarPointers(tensors) { MergeKernels.maximum($0, count: o.count, into: o.baseAddress!) }
    }
    let saved = tensors.map(\.detached)
    let needs = tensors.map(\.isOnActiveTape)
    return recordOperation(inputs: tensors, output: out) { g in
        let count = g.scalarCount, n = saved.count
        // One buffer holds every input's gradient, input k at offset k · count.
        var all = [Float](repeating: 0, count: n * count)
        all.withUnsafeMutableBufferPointer { buffer in
            g.withUnsafeBufferPointer { gp in
                withScalarPointers(saved) { xs in
                    MergeKernels.maximumGradient(gp.baseAddress!, xs, count: count,
                                                 into: (0..<n).map { buffer.baseAddress! + $0 * count })
                }
            }
        }
        let grads = (0..<n).map { Array(all[($0 * count)..<(($0 + 1) * count)]) }
        return zip(needs, grads).map { need, grad in need ? Tensor(shape: shape, scalars: grad) : nil }
    }
}

/// The element-wise L1 distance `|a − b|` of two tensors of one shape (the Siamese distance), in
/// one pass; the gradients are `sign(a − b) · g` for `a` and its negation for `b`.
/// - Precondition: `a` and `b` have the same shape.
public func l1Distance(_ a: Tensor, _ b: Tensor) -> Tensor {
    check(a.shape == b.shape, "l1Distance: shapes \(a.shape) and \(b.shape) differ")
    let out = Tensor(shape: a.shape) { o in
        withScalarPointers([a, b]) { MergeKernels.l1Distance($0[0], $0[1], count: o.count, into: o.baseAddress!) }
    }
    let (ca, cb) = (a.detached, b.detached)
    let (needA, needB) = (a.isOnActiveTape, b.isOnActiveTape)
    return recordOperation(inputs: [a, b], output: out) { g in
        let da = Tensor(shape: ca.shape) { d in
            withScalarPointers([g, ca, cb]) { MergeKernels.l1DistanceGradient($0[0], $0[1], $0[2], count: d.count, into: d.baseAddress!) }
        }
        return [needA ? da : nil, needB ? -da : nil]
    }
}
