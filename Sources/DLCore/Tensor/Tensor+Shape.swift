// Shape ops: reshape, transpose, row selection and slicing, each with its pullback.

extension Tensor {
    /// The same scalars under a new shape; one dimension may be -1 (inferred).
    /// - Precondition: the shapes hold the same number of scalars.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        guard let resolved = ShapeResolution.resolving(newShape, count: scalarCount) else {
            trap("reshaped: cannot reshape \(shape) (\(scalarCount) scalars) to \(newShape)")
        }
        if resolved == shape { return self }
        let originalShape = shape
        let out = Tensor(shape: resolved, scalars: storage)
        return recordOperation(inputs: [self], output: out) { g in [g.reshaped(originalShape)] }
    }

    /// The transpose of a rank-2 tensor.
    public func transposed() -> Tensor {
        check(rank == 2, "transposed(): needs a rank-2 tensor, received shape \(shape)")
        let (rows, cols) = (shape[0], shape[1])
        let input = self
        let out = Tensor(shape: [cols, rows]) { o in
            input.storage.withUnsafeBufferPointer { x in
                for r in 0..<rows { for c in 0..<cols { o[c * rows + r] = x[r * cols + c] } }
            }
        }
        return recordOperation(inputs: [self], output: out) { g in [g.transposed()] }
    }

    /// The sub-tensor at `index` along axis 0 (rank drops by one).
    public subscript(_ index: Int) -> Tensor {
        check(rank >= 1 && index >= 0 && index < shape[0], "subscript: index \(index) out of range for shape \(shape)")
        return self[index..<(index + 1)].reshaped(Array(shape.dropFirst()))
    }

    /// The rows `range` along axis 0.
    public subscript(_ range: Range<Int>) -> Tensor {
        check(rank >= 1 && range.lowerBound >= 0 && range.upperBound <= shape[0],
              "subscript: rows \(range) out of range for shape \(shape)")
        let rowSize = shape.dropFirst().reduce(1, *)
        var outShape = shape
        outShape[0] = range.count
        let out = Tensor(shape: outShape, scalars: Array(storage[(range.lowerBound * rowSize)..<(range.upperBound * rowSize)]))
        let fullShape = shape
        return recordOperation(inputs: [self], output: out) { g in
            var full = [Float](repeating: 0, count: fullShape.reduce(1, *))
            full.replaceSubrange((range.lowerBound * rowSize)..<(range.upperBound * rowSize), with: g.storage)
            return [Tensor(shape: fullShape, scalars: full)]
        }
    }

    /// The rows at `indices` along axis 0, in that order (batching, shuffling). Not recorded.
    public func gathering(rows indices: [Int]) -> Tensor {
        check(rank >= 1, "gathering(rows:): needs rank ≥ 1")
        let rowSize = shape.dropFirst().reduce(1, *)
        var outShape = shape
        outShape[0] = indices.count
        let input = self
        let rows = shape[0]
        return Tensor(shape: outShape) { out in
            input.storage.withUnsafeBufferPointer { x in
                for (i, row) in indices.enumerated() {
                    check(row >= 0 && row < rows, "gathering(rows:): row \(row) out of range 0..<\(rows) for shape \(shape)")
                    (out.baseAddress! + i * rowSize).update(from: x.baseAddress! + row * rowSize, count: rowSize)
                }
            }
        }
    }

    /// The slice `range` along `axis` (negative axes count from the end).
    public func slice(axis: Int, _ range: Range<Int>) -> Tensor {
        let axis = normalizedAxis(axis)
        check(range.lowerBound >= 0 && range.upperBound <= shape[axis],
              "slice: range \(range) out of bounds for axis \(axis) of shape \(shape)")
        let outer = shape[..<axis].reduce(1, *), inner = shape[(axis + 1)...].reduce(1, *)
        let length = shape[axis]
        var outShape = shape
        outShape[axis] = range.count
        let input = self
        let out = Tensor(shape: outShape) { o in
            input.storage.withUnsafeBufferPointer { x in
                for r in 0..<outer {
                    (o.baseAddress! + r * range.count * inner).update(
                        from: x.baseAddress! + (r * length + range.lowerBound) * inner, count: range.count * inner)
                }
            }
        }
        let fullShape = shape
        return recordOperation(inputs: [self], output: out) { g in
            var full = Tensor.zeros(fullShape)
            full.storage.withUnsafeMutableBufferPointer { f in
                g.storage.withUnsafeBufferPointer { gp in
                    for r in 0..<outer {
                        (f.baseAddress! + (r * length + range.lowerBound) * inner).update(
                            from: gp.baseAddress! + r * range.count * inner, count: range.count * inner)
                    }
                }
            }
            return [full]
        }
    }

    /// `axis` made non-negative.
    /// - Precondition: `-rank ≤ axis < rank` (a rank-0 tensor has no axis).
    public func normalizedAxis(_ axis: Int) -> Int {
        let resolved = axis < 0 ? axis + rank : axis
        check(resolved >= 0 && resolved < rank, "axis \(axis) out of range for shape \(shape)")
        return resolved
    }
}

/// Joins tensors along `axis`; the other dimensions must agree. One copy pass (rows of each input
/// copied whole, split across the workers for large outputs); the gradient is cut back the same way,
/// for the inputs on the tape only.
public func concatenate(_ xs: [Tensor], axis: Int = -1) -> Tensor {
    check(!xs.isEmpty, "concatenate: needs at least one tensor")
    let first = xs[0]
    let axis = first.normalizedAxis(axis)
    for x in xs {
        check(x.rank == first.rank && x.shape.enumerated().allSatisfy { $0.offset == axis || $0.element == first.shape[$0.offset] },
              "concatenate: shapes \(xs.map { $0.shape }) differ outside axis \(axis)")
    }
    let outer = first.shape[..<axis].reduce(1, *), inner = first.shape[(axis + 1)...].reduce(1, *)
    let rows = xs.map { $0.shape[axis] * inner }   // scalars of each input per outer index
    var outShape = first.shape
    outShape[axis] = xs.reduce(0) { $0 + $1.shape[axis] }
    let out = Tensor(shape: outShape) { o in
        guard let op = o.baseAddress else { return }
        withScalarPointers(xs) { MergeKernels.concatenate($0, rows: rows, outer: outer, into: op) }
    }
    let needs = xs.map(\.isOnActiveTape)
    return recordOperation(inputs: xs, output: out) { g in
        var offset = 0
        return zip(xs, rows).enumerated().map { k, pair in
            let (x, row) = pair
            defer { offset += row }
            guard needs[k] else { return nil }
            let start = offset
            return Tensor(shape: x.shape) { dx in
                g.withUnsafeBufferPointer { gp in
                    MergeKernels.slice(gp.baseAddress!, row: row, offset: start, total: rows.reduce(0, +), outer: outer,
                                       into: dx.baseAddress!)
                }
            }
        }
    }
}
