// Reversal along one axis, with its pullback (the same reversal of the gradient).

extension Tensor {
    /// The tensor with the entries along `axis` in reverse order (negative axes count from the
    /// end): `Bidirectional` turns the backward layer's sequences back into input order with it.
    public func reversed(axis: Int) -> Tensor {
        let axis = normalizedAxis(axis)
        let outer = shape[..<axis].reduce(1, *), inner = shape[(axis + 1)...].reduce(1, *), length = shape[axis]
        func reverse(_ x: Tensor) -> Tensor {
            Tensor(shape: x.shape) { o in
                guard let op = o.baseAddress else { return }
                x.withUnsafeBufferPointer { xp in
                    guard let xp = xp.baseAddress else { return }
                    for r in 0..<outer {
                        for i in 0..<length {
                            (op + (r * length + i) * inner).update(from: xp + (r * length + length - 1 - i) * inner, count: inner)
                        }
                    }
                }
            }
        }
        return recordOperation(inputs: [self], output: reverse(self)) { g in [reverse(g)] }
    }
}
