#if canImport(Glibc)
import Glibc
#endif

// Element-wise math functions, each with its pullback right below the forward.

/// Element-wise e^x.
public func exp(_ x: Tensor) -> Tensor {
    let y = x.mapScalars { expf($0) }
    return recordOperation(inputs: [x], output: y) { g in [g * y] }
}

/// Element-wise natural logarithm.
public func log(_ x: Tensor) -> Tensor {
    let cx = x.detached
    return recordOperation(inputs: [x], output: x.mapScalars { logf($0) }) { g in [g / cx] }
}

/// Element-wise absolute value (the gradient at 0 is 0).
public func abs(_ x: Tensor) -> Tensor {
    let cx = x.detached
    return recordOperation(inputs: [x], output: x.mapScalars { Swift.abs($0) }) { g in
        [Tensor.zipScalars(g, cx) { gv, v in v > 0 ? gv : (v < 0 ? -gv : 0) }]
    }
}

/// Element-wise square root.
public func sqrt(_ x: Tensor) -> Tensor {
    let y = x.mapScalars { $0.squareRoot() }
    return recordOperation(inputs: [x], output: y) { g in [Tensor.zipScalars(g, y) { gv, s in gv / (2 * s) }] }
}

/// Element-wise x².
public func square(_ x: Tensor) -> Tensor {
    let cx = x.detached
    return recordOperation(inputs: [x], output: x.mapScalars { $0 * $0 }) { g in [Tensor.zipScalars(g, cx) { gv, v in 2 * v * gv }] }
}

/// Element-wise xᵖ.
public func pow(_ x: Tensor, _ p: Float) -> Tensor {
    let cx = x.detached
    return recordOperation(inputs: [x], output: x.mapScalars { powf($0, p) }) { g in
        [Tensor.zipScalars(g, cx) { gv, v in gv * p * powf(v, p - 1) }]
    }
}

/// Element-wise clipping to `[min, max]`; the gradient flows where the input is inside.
public func clip(_ x: Tensor, min lower: Float, max upper: Float) -> Tensor {
    let cx = x.detached
    return recordOperation(inputs: [x], output: x.mapScalars { Swift.min(Swift.max($0, lower), upper) }) { g in
        [Tensor.zipScalars(g, cx) { gv, v in (v >= lower && v <= upper) ? gv : 0 }]
    }
}

/// Element-wise maximum of two tensors of the same shape (the gradient goes to the larger; to `a` on ties).
public func maximum(_ a: Tensor, _ b: Tensor) -> Tensor {
    let (ca, cb) = (a.detached, b.detached)
    let out = Tensor.zipScalars(a, b) { Swift.max($0, $1) }
    let (needA, needB) = (a.isOnActiveTape, b.isOnActiveTape)
    return recordOperation(inputs: [a, b], output: out) { g in
        let mask = Tensor.zipScalars(ca, cb) { $0 >= $1 ? 1 : 0 }
        let toA = Tensor.zipScalars(g, mask, *)
        return [needA ? toA : nil, needB ? Tensor.zipScalars(g, toA, -) : nil]
    }
}

/// Element-wise minimum of two tensors of the same shape (the gradient goes to the smaller; to `a` on ties).
public func minimum(_ a: Tensor, _ b: Tensor) -> Tensor {
    let (ca, cb) = (a.detached, b.detached)
    let out = Tensor.zipScalars(a, b) { Swift.min($0, $1) }
    let (needA, needB) = (a.isOnActiveTape, b.isOnActiveTape)
    return recordOperation(inputs: [a, b], output: out) { g in
        let mask = Tensor.zipScalars(ca, cb) { $0 <= $1 ? 1 : 0 }
        let toA = Tensor.zipScalars(g, mask, *)
        return [needA ? toA : nil, needB ? Tensor.zipScalars(g, toA, -) : nil]
    }
}

/// Element-wise sign (-1, 0, +1); not differentiable (no gradient flows).
public func sign(_ x: Tensor) -> Tensor {
    x.detached.mapScalars { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
}
