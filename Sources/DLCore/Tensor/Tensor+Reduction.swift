// Reductions (sum, mean, max, argmax) over one axis or all scalars, with pullbacks.

extension Tensor {
    /// `[outer, length, inner]` view of the shape around `axis`, and the reduced shape.
    private func reductionLayout(_ axis: Int, keepDims: Bool) -> (outer: Int, length: Int, inner: Int, shape: [Int]) {
        let a = normalizedAxis(axis)
        var reduced = shape
        if keepDims { reduced[a] = 1 } else { reduced.remove(at: a) }
        return (shape[..<a].reduce(1, *), shape[a], shape[(a + 1)...].reduce(1, *), reduced)
    }

    /// Sum over `axis`, or over all scalars when `axis` is nil (rank 0, or all ones with `keepDims`).
    public func sum(axis: Int? = nil, keepDims: Bool = false) -> Tensor {
        let inputShape = shape
        guard let axis else {
            var total: Float = 0
            storage.withUnsafeBufferPointer { x in for v in x { total += v } }
            let outShape = keepDims ? [Int](repeating: 1, count: rank) : []
            let out = Tensor(shape: outShape, scalars: [total])
            return recordOperation(inputs: [self], output: out) { g in [Tensor(repeating: g.scalar, shape: inputShape)] }
        }
        let layout = reductionLayout(axis, keepDims: keepDims)
        let input = self
        let out = Tensor(shape: layout.shape) { o in
            input.storage.withUnsafeBufferPointer { x in
                ReductionKernels.sum(x, outer: layout.outer, length: layout.length, inner: layout.inner, into: o)
            }
        }
        return recordOperation(inputs: [self], output: out) { g in
            [Tensor(shape: inputShape) { dx in
                g.storage.withUnsafeBufferPointer {
                    ReductionKernels.expand($0, outer: layout.outer, length: layout.length, inner: layout.inner, into: dx)
                }
            }]
        }
    }

    /// Mean over `axis`, or over all scalars when `axis` is nil.
    public func mean(axis: Int? = nil, keepDims: Bool = false) -> Tensor {
        let count = axis.map { shape[normalizedAxis($0)] } ?? scalarCount
        return sum(axis: axis, keepDims: keepDims) * (1 / Float(Swift.max(count, 1)))
    }

    /// Maximum over `axis`, or over all scalars when `axis` is nil; the gradient goes to the first maximum.
    public func max(axis: Int? = nil, keepDims: Bool = false) -> Tensor {
        check(scalarCount > 0, "max: empty tensor of shape \(shape)")
        guard let axis else {
            let flat = reshaped([scalarCount]).max(axis: 0)
            return keepDims ? flat.reshaped([Int](repeating: 1, count: rank)) : flat
        }
        let layout = reductionLayout(axis, keepDims: keepDims)
        var indices = [Int32](repeating: 0, count: layout.outer * layout.inner)
        let input = self
        let out = Tensor(shape: layout.shape) { o in
            input.storage.withUnsafeBufferPointer { x in
                indices.withUnsafeMutableBufferPointer { idx in
                    ReductionKernels.max(x, outer: layout.outer, length: layout.length, inner: layout.inner, into: o, argmax: idx)
                }
            }
        }
        let inputShape = shape
        let winners = indices
        return recordOperation(inputs: [self], output: out) { g in
            var full = Tensor.zeros(inputShape)
            full.withUnsafeMutableBufferPointer { dx in
                g.storage.withUnsafeBufferPointer { gp in
                    for o in 0..<layout.outer {
                        for i in 0..<layout.inner {
                            let l = Int(winners[o * layout.inner + i])
                            dx[(o * layout.length + l) * layout.inner + i] = gp[o * layout.inner + i]
                        }
                    }
                }
            }
            return [full]
        }
    }

    /// Minimum over `axis`, or over all scalars when `axis` is nil.
    public func min(axis: Int? = nil, keepDims: Bool = false) -> Tensor {
        -((-self).max(axis: axis, keepDims: keepDims))
    }

    /// Indices (as Float) of the first maximum along `axis`. Not differentiable.
    public func argmax(axis: Int = -1) -> Tensor {
        let layout = reductionLayout(axis, keepDims: false)
        var indices = [Int32](repeating: 0, count: layout.outer * layout.inner)
        var scratch = [Float](repeating: 0, count: layout.outer * layout.inner)
        storage.withUnsafeBufferPointer { x in
            indices.withUnsafeMutableBufferPointer { idx in
                scratch.withUnsafeMutableBufferPointer { o in
                    ReductionKernels.max(x, outer: layout.outer, length: layout.length, inner: layout.inner, into: o, argmax: idx)
                }
            }
        }
        return Tensor(shape: layout.shape, scalars: indices.map(Float.init))
    }
}
