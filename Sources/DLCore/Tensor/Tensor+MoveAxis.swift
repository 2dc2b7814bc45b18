// Moving one axis to another position (NumPy's `moveaxis` for one axis), a copy with its pullback:
// `Dot` brings the contracted axes beside the batch before a batched product.

extension Tensor {
    /// The tensor with axis `source` moved to position `destination`, the other axes keeping their
    /// order (negative axes count from the end): `[2, 3, 4].movingAxis(0, to: 2)` has shape `[3, 4, 2]`.
    /// - Precondition: both axes are in range.
    public func movingAxis(_ source: Int, to destination: Int) -> Tensor {
        let from = normalizedAxis(source), to = normalizedAxis(destination)
        if from == to { return self }
        var outShape = shape
        let moved = outShape.remove(at: from)
        outShape.insert(moved, at: to)
        // The axes between the two form one block that trades places with the moved axis.
        let low = Swift.min(from, to), high = Swift.max(from, to)
        let outer = shape[..<low].reduce(1, *), inner = shape[(high + 1)...].reduce(1, *)
        let (length, middle) = from < to ? (shape[from], shape[(from + 1)...to].reduce(1, *))
                                         : (shape[to..<from].reduce(1, *), shape[from])
        let input = self
        let out = Tensor(shape: outShape) { o in
            input.withUnsafeBufferPointer { x in
                guard let xp = x.baseAddress, let op = o.baseAddress else { return }
                MergeKernels.swapBlocks(xp, outer: outer, length: length, middle: middle, inner: inner, into: op)
            }
        }
        return recordOperation(inputs: [self], output: out) { g in [g.movingAxis(destination, to: source)] }
    }
}
