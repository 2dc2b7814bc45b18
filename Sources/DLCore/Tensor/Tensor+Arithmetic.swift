// Broadcasting element-wise arithmetic (NumPy rules) with pullbacks beside each forward.
// Binary ops note at the forward which inputs are on the tape and compute only their gradients.

extension Tensor {
    /// Element-wise `op` of two tensors broadcast together (no recording).
    @inline(__always)
    static func broadcasting(_ a: Tensor, _ b: Tensor, _ name: String, _ op: (Float, Float) -> Float) -> Tensor {
        guard let outShape = BroadcastKernels.shape(a.shape, b.shape) else {
            trap("\(name): shapes \(a.shape) and \(b.shape) cannot be broadcast together")
        }
        return Tensor(shape: outShape) { out in
            a.storage.withUnsafeBufferPointer { ap in
                b.storage.withUnsafeBufferPointer { bp in
                    BroadcastKernels.binary(ap, a.shape, bp, b.shape, out, outShape, op)
                }
            }
        }
    }

    /// `f` applied to every scalar (no recording).
    @inline(__always)
    func mapScalars(_ f: (Float) -> Float) -> Tensor {
        let input = self
        return Tensor(shape: shape) { out in
            input.storage.withUnsafeBufferPointer { x in
                let xp = x.baseAddress, op = out.baseAddress
                guard let xp, let op else { return }
                Parallel.forRanges(x.count) { s, e in for i in s..<e { op[i] = f(xp[i]) } }
            }
        }
    }

    /// `f` applied pairwise to two tensors of the same shape (no recording).
    @inline(__always)
    static func zipScalars(_ a: Tensor, _ b: Tensor, _ f: (Float, Float) -> Float) -> Tensor {
        check(a.shape == b.shape, "element-wise op: shapes \(a.shape) and \(b.shape) differ")
        return Tensor(shape: a.shape) { out in
            a.storage.withUnsafeBufferPointer { x in
                b.storage.withUnsafeBufferPointer { y in
                    guard let xp = x.baseAddress, let yp = y.baseAddress, let op = out.baseAddress else { return }
                    Parallel.forRanges(x.count) { s, e in for i in s..<e { op[i] = f(xp[i], yp[i]) } }
                }
            }
        }
    }

    /// `self += other` for a tensor of the same shape, written into this tensor's storage (copied
    /// first only when shared), never recorded (gradient accumulation).
    mutating func addInPlace(_ other: Tensor) {
        check(shape == other.shape, "element-wise op: shapes \(shape) and \(other.shape) differ")
        withUnsafeMutableBufferPointer { x in
            other.storage.withUnsafeBufferPointer { y in
                guard let xp = x.baseAddress, let yp = y.baseAddress else { return }
                Parallel.forRanges(y.count) { s, e in for i in s..<e { xp[i] += yp[i] } }
            }
        }
    }

    /// The gradient `self` (of a broadcast result) summed back to `shape`.
    public func unbroadcast(to shape: [Int]) -> Tensor {
        if self.shape == shape { return self }
        return Tensor(shape: shape, scalars: BroadcastKernels.sumToShape(storage, self.shape, shape))
    }

    // MARK: Tensor ⊕ Tensor

    /// Element-wise sum with broadcasting.
    public static func + (a: Tensor, b: Tensor) -> Tensor {
        let out = broadcasting(a, b, "+", +)
        let (sa, sb) = (a.shape, b.shape)
        let (needA, needB) = (a.isOnActiveTape, b.isOnActiveTape)
        return recordOperation(inputs: [a, b], output: out) { g in
            [needA ? g.unbroadcast(to: sa) : nil, needB ? g.unbroadcast(to: sb) : nil]
        }
    }

    /// Element-wise difference with broadcasting.
    public static func - (a: Tensor, b: Tensor) -> Tensor {
        let out = broadcasting(a, b, "-", -)
        let (sa, sb) = (a.shape, b.shape)
        let (needA, needB) = (a.isOnActiveTape, b.isOnActiveTape)
        return recordOperation(inputs: [a, b], output: out) { g in
            [needA ? g.unbroadcast(to: sa) : nil, needB ? (-g).unbroadcast(to: sb) : nil]
        }
    }

    /// Element-wise product with broadcasting.
    public static func * (a: Tensor, b: Tensor) -> Tensor {
        let out = broadcasting(a, b, "*", *)
        let (ca, cb) = (a.detached, b.detached)
        let (needA, needB) = (a.isOnActiveTape, b.isOnActiveTape)
        return recordOperation(inputs: [a, b], output: out) { g in
            [needA ? (g * cb).unbroadcast(to: ca.shape) : nil, needB ? (g * ca).unbroadcast(to: cb.shape) : nil]
        }
    }

    /// Element-wise quotient with broadcasting.
    public static func / (a: Tensor, b: Tensor) -> Tensor {
        let out = broadcasting(a, b, "/", /)
        let (sa, cb) = (a.shape, b.detached)
        let (needA, needB) = (a.isOnActiveTape, b.isOnActiveTape)
        return recordOperation(inputs: [a, b], output: out) { g in
            // d(a/b)/db = −a/b² = −out/b: reuses the output instead of keeping a and squaring b.
            [needA ? (g / cb).unbroadcast(to: sa) : nil,
             needB ? (-(g * out) / cb).unbroadcast(to: cb.shape) : nil]
        }
    }

    /// Negation.
    public static prefix func - (x: Tensor) -> Tensor {
        let out = x.mapScalars { -$0 }
        return recordOperation(inputs: [x], output: out) { g in [-g] }
    }

    // MARK: Tensor ⊕ Float

    /// Adds a scalar to every element.
    public static func + (a: Tensor, s: Float) -> Tensor {
        recordOperation(inputs: [a], output: a.mapScalars { $0 + s }) { g in [g] }
    }
    /// Adds a scalar to every element.
    public static func + (s: Float, a: Tensor) -> Tensor { a + s }
    /// Subtracts a scalar from every element.
    public static func - (a: Tensor, s: Float) -> Tensor { a + (-s) }
    /// Subtracts every element from a scalar.
    public static func - (s: Float, a: Tensor) -> Tensor {
        recordOperation(inputs: [a], output: a.mapScalars { s - $0 }) { g in [-g] }
    }
    /// Multiplies every element by a scalar.
    public static func * (a: Tensor, s: Float) -> Tensor {
        recordOperation(inputs: [a], output: a.mapScalars { $0 * s }) { g in [g * s] }
    }
    /// Multiplies every element by a scalar.
    public static func * (s: Float, a: Tensor) -> Tensor { a * s }
    /// Divides every element by a scalar.
    public static func / (a: Tensor, s: Float) -> Tensor { a * (1 / s) }
    /// Divides a scalar by every element.
    public static func / (s: Float, a: Tensor) -> Tensor {
        let ca = a.detached
        return recordOperation(inputs: [a], output: a.mapScalars { s / $0 }) { g in
            [Tensor.zipScalars(g, ca) { gv, x in -gv * s / (x * x) }]
        }
    }

    /// Multiplies every element by a scalar in place: outside a gradient recording, the scalars
    /// are rewritten in their own storage when no other tensor shares it (scaling a loaded data
    /// set, `x /= 255`, then needs no second copy of it).
    public static func *= (a: inout Tensor, s: Float) {
        if a.isOnActiveTape { a = a * s; return }
        a.withUnsafeMutableBufferPointer { x in for i in x.indices { x[i] *= s } }
    }

    /// Divides every element by a scalar in place (see `*=`); multiplies by 1 / s, as `/` does.
    public static func /= (a: inout Tensor, s: Float) { a *= 1 / s }

    /// Element-wise sum, in place.
    public static func += (a: inout Tensor, b: Tensor) { a = a + b }
    /// Element-wise difference, in place.
    public static func -= (a: inout Tensor, b: Tensor) { a = a - b }
    /// Element-wise product, in place.
    public static func *= (a: inout Tensor, b: Tensor) { a = a * b }
    /// Element-wise quotient, in place.
    public static func /= (a: inout Tensor, b: Tensor) { a = a / b }
}
