#if canImport(Glibc)
import Glibc
#endif

// Activation functions (Keras 3 formulas), each with its pullback.

/// max(x, 0); NaN stays NaN, as in Keras (so a NaN input shows in the loss instead of vanishing).
/// Kernels: `ActivationKernels.reluForward(_:into:count:)` and `reluBackward(_:_:into:count:)`
/// (loops on pointers: a per-scalar closure here took a sixth of a ResNet training step).
public func relu(_ x: Tensor) -> Tensor {
    let y = mapKernel(x) { ActivationKernels.reluForward($0, into: $1, count: $2) }
    return recordOperation(inputs: [x], output: y) { g in
        [zipKernel(g, y) { ActivationKernels.reluBackward($0, $1, into: $2, count: $3) }]
    }
}

/// Keras's `keras.activations.relu(x, negative_slope, max_value, threshold)`: `x` where
/// `threshold < x < maxValue`, `maxValue` above the cap, `negativeSlope · (x − threshold)` below
/// the threshold, and 0 at the threshold itself when it is not 0 (Keras selects `x > threshold`).
/// The defaults give `relu(x)`; a slope alone gives `leakyRelu(x, alpha: negativeSlope)`.
/// NaN stays NaN, except with a threshold and no slope, where Keras's select gives 0.
/// Kernels: `ActivationKernels.reluForward(_:into:count:negativeSlope:maxValue:threshold:)` and its
/// backward. Shapes: any → the same.
public func relu(_ x: Tensor, negativeSlope: Float = 0, maxValue: Float? = nil, threshold: Float = 0) -> Tensor {
    if negativeSlope == 0, maxValue == nil, threshold == 0 { return relu(x) }
    let cx = x.detached
    let y = mapKernel(cx) { ActivationKernels.reluForward($0, into: $1, count: $2, negativeSlope: negativeSlope,
                                                          maxValue: maxValue, threshold: threshold) }
    return recordOperation(inputs: [x], output: y) { g in
        [zipKernel(g, cx) { ActivationKernels.reluBackward($0, $1, into: $2, count: $3, negativeSlope: negativeSlope,
                                                           maxValue: maxValue, threshold: threshold) }]
    }
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

/// `kernel(x, out, count)` over ranges of the scalars, on the workers when large: the output pass
/// of an element-wise kernel that reads nothing but `x`. Shapes: x → out of x's shape.
private func mapKernel(_ x: Tensor, _ kernel: (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void) -> Tensor {
    Tensor(shape: x.shape) { out in
        x.withUnsafeBufferPointer { xs in
            guard let xp = xs.baseAddress, let op = out.baseAddress else { return }
            Parallel.forRanges(xs.count) { first, last in kernel(xp + first, op + first, last - first) }
        }
    }
}

/// `kernel(a, b, out, count)` over ranges of the scalars of two tensors of one shape (a pullback
/// from the output gradient and a saved tensor). Shapes: a, b → out of their shape.
private func zipKernel(_ a: Tensor, _ b: Tensor,
                       _ kernel: (UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void) -> Tensor {
    check(a.shape == b.shape, "element-wise op: shapes \(a.shape) and \(b.shape) differ")
    return Tensor(shape: a.shape) { out in
        a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                guard let ap = ap.baseAddress, let bp = bp.baseAddress, let op = out.baseAddress else { return }
                Parallel.forRanges(out.count) { first, last in kernel(ap + first, bp + first, op + first, last - first) }
            }
        }
    }
}
