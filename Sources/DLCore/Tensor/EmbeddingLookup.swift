// Row lookup in an embedding table, with its pullback (a scatter-add into the table).

/// The rows of `table` (`[inputDim, outputDim]`) picked by `ids` (any shape; whole numbers held
/// as floats, truncated toward zero as Keras's cast to int does): `ids.shape + [outputDim]`.
/// The gradient adds each output row's gradient into its table row; the ids get none.
/// - Precondition: every id lies in `0..<inputDim` (layers check first and report it clearly).
public func embeddingLookup(_ table: Tensor, ids: Tensor) -> Tensor {
    check(table.rank == 2, "embeddingLookup: table must be [inputDim, outputDim], received shape \(table.shape)")
    let (rows, width) = (table.shape[0], table.shape[1])
    let indices = ids.scalars.map { value -> Int in
        check(value.isFinite && value > -1 && value < Float(rows),
              "embeddingLookup: id \(value) out of range 0..<\(rows) for table \(table.shape)")
        return Int(value)
    }
    let out = Tensor(shape: ids.shape + [width]) { o in
        guard let op = o.baseAddress else { return }
        table.withUnsafeBufferPointer { tp in
            guard let tp = tp.baseAddress else { return }
            for (position, row) in indices.enumerated() { (op + position * width).update(from: tp + row * width, count: width) }
        }
    }
    return recordOperation(inputs: [table], output: out) { g in
        var grad = Tensor.zeros([rows, width])
        grad.withUnsafeMutableBufferPointer { dp in
            g.withUnsafeBufferPointer { gp in
                guard let dp = dp.baseAddress, let gp = gp.baseAddress else { return }
                for (position, row) in indices.enumerated() {
                    let target = dp + row * width, source = gp + position * width
                    for j in 0..<width { target[j] += source[j] }
                }
            }
        }
        return [grad]
    }
}
