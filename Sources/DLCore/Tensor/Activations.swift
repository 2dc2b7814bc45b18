#if canImport(Glibc)
import Glibc
#endif

// Activation functions (Keras 3 formulas), each with its pullback.

/// max(x, 0).
public func relu(_ x: Tensor) -> Tensor {
    let y = x.mapScalars { $0 > 0 ? $0 : 0 }
    return recordOperation(inputs: [x], output: y) { g in [Tensor.zipScalars(g, y) { gv, v in v > 0 ? gv : 0 }] }
}

/// x for x > 0, αx otherwise.
public func leakyRelu(_ x: Tensor, alpha: Float = 0.3) -> Tensor {
    let cx = x.detached
    return recordOperation(inputs: [x], output: x.mapScalars { $0 > 0 ? $0 : alpha * $0 }) { g in
        [Tensor.zipScalars(g, cx) { gv, v in v > 0 ? gv : alpha * gv }]
    }
}

/// 1 / (1 + e^-x), computed stably.
public func sigmoid(_ x: Tensor) -> Tensor {
    let y = x.mapScalars { v in v >= 0 ? 1 / (1 + expf(-v)) : expf(v) / (1 + expf(v)) }
    return recordOperation(inputs: [x], output: y) { g in [Tensor.zipScalars(g, y) { gv, s in gv * s * (1 - s) }] }
}

/// Hyperbolic tangent.
public func tanh(_ x: Tensor) -> Tensor {
    let y = x.mapScalars { tanhf($0) }
    return recordOperation(inputs: [x], output: y) { g in [Tensor.zipScalars(g, y) { gv, t in gv * (1 - t * t) }] }
}

/// x for x > 0, α(eˣ − 1) otherwise (α = 1).
public func elu(_ x: Tensor, alpha: Float = 1) -> Tensor {
    let cx = x.detached
    return recordOperation(inputs: [x], output: x.mapScalars { $0 > 0 ? $0 : alpha * (expf($0) - 1) }) { g in
        [Tensor.zipScalars(g, cx) { gv, v in v > 0 ? gv : gv * alpha * expf(v) }]
    }
}

/// Scaled ELU with Keras's constants (scale 1.0507…, α 1.6732…).
public func selu(_ x: Tensor) -> Tensor {
    let scale: Float = 1.0507009873554805, alpha: Float = 1.6732632423543772
    let cx = x.detached
    return recordOperation(inputs: [x], output: x.mapScalars { scale * ($0 > 0 ? $0 : alpha * (expf($0) - 1)) }) { g in
        [Tensor.zipScalars(g, cx) { gv, v in v > 0 ? gv * scale : gv * scale * alpha * expf(v) }]
    }
}

/// log(1 + eˣ), computed stably.
public func softplus(_ x: Tensor) -> Tensor {
    let cx = x.detached
    return recordOperation(inputs: [x], output: x.mapScalars { Swift.max($0, 0) + log1pf(expf(-Swift.abs($0))) }) { g in
        [Tensor.zipScalars(g, cx) { gv, v in gv * (v >= 0 ? 1 / (1 + expf(-v)) : expf(v) / (1 + expf(v))) }]
    }
}

/// x / (1 + |x|).
public func softsign(_ x: Tensor) -> Tensor {
    let cx = x.detached
    return recordOperation(inputs: [x], output: x.mapScalars { $0 / (1 + Swift.abs($0)) }) { g in
        [Tensor.zipScalars(g, cx) { gv, v in let d = 1 + Swift.abs(v); return gv / (d * d) }]
    }
}

/// Keras 3's hard sigmoid: clip(x / 6 + 0.5, 0, 1).
public func hardSigmoid(_ x: Tensor) -> Tensor {
    let cx = x.detached
    return recordOperation(inputs: [x], output: x.mapScalars { Swift.min(Swift.max($0 / 6 + 0.5, 0), 1) }) { g in
        [Tensor.zipScalars(g, cx) { gv, v in (v > -3 && v < 3) ? gv / 6 : 0 }]
    }
}

/// x · sigmoid(x) (also called SiLU).
public func swish(_ x: Tensor) -> Tensor {
    let cx = x.detached
    return recordOperation(inputs: [x], output: x.mapScalars { $0 / (1 + expf(-$0)) }) { g in
        [Tensor.zipScalars(g, cx) { gv, v in let s = 1 / (1 + expf(-v)); return gv * (s + v * s * (1 - s)) }]
    }
}

/// Exact GELU (Keras's default, `approximate=False`): 0.5·x·(1 + erf(x/√2)).
public func gelu(_ x: Tensor) -> Tensor {
    let cx = x.detached
    let invSqrt2: Float = 0.70710678118654752
    let invSqrt2Pi: Float = 0.39894228040143268
    return recordOperation(inputs: [x], output: x.mapScalars { 0.5 * $0 * (1 + erff($0 * invSqrt2)) }) { g in
        [Tensor.zipScalars(g, cx) { gv, v in
            gv * (0.5 * (1 + erff(v * invSqrt2)) + v * invSqrt2Pi * expf(-0.5 * v * v))
        }]
    }
}
