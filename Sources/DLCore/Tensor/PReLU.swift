// Parametric ReLU (Keras's `PReLU` layer) with its pullback below.

/// Parametric ReLU: `x` where `x > 0`, `alpha · x` otherwise (Keras's `relu(x) − alpha · relu(−x)`),
/// with learned slopes `alpha` broadcast over the batch and over the axes where `alpha` has size 1
/// (Keras's `shared_axes`).
///
/// Shapes: x `[N, d₁, ..., dₖ]`, alpha `[a₁, ..., aₖ]` with each `aᵢ` equal to `dᵢ` or 1 → `[N, d₁, ..., dₖ]`.
/// Gradients: `dx = g` where `x > 0`, `alpha · g` elsewhere; `dAlpha = Σ g · x` over the batch, the
/// shared axes and the positions where `x ≤ 0`.
/// - Precondition: x has rank ≥ 2 and alpha has x's rank − 1 with the sizes above.
public func prelu(_ x: Tensor, alpha: Tensor) -> Tensor {
    let sampleShape = Array(x.shape.dropFirst())
    check(x.rank >= 2 && alpha.rank == sampleShape.count
          && zip(alpha.shape, sampleShape).allSatisfy { $0 == $1 || $0 == 1 },
          "prelu: alpha \(alpha.shape) does not fit input \(x.shape) (needs the input's shape without the batch, with 1 on shared axes)")
    let columns = sampleShape.reduce(1, *), rows = x.shape[0]
    // The slopes for one whole sample (alpha repeated along its axes of size 1).
    let slopes = alpha.shape == sampleShape ? alpha.storage
        : Tensor.broadcasting(Tensor.zeros(sampleShape), alpha.detached, "prelu") { $1 }.storage
    let out = Tensor(shape: x.shape) { o in
        x.storage.withUnsafeBufferPointer { xp in
            slopes.withUnsafeBufferPointer { ap in
                guard let xp = xp.baseAddress, let ap = ap.baseAddress, let op = o.baseAddress else { return }
                PReLUKernels.forward(xp, alpha: ap, into: op, rows: rows, columns: columns)
            }
        }
    }
    let needsInputGradient = x.isOnActiveTape, needsAlphaGradient = alpha.isOnActiveTape
    guard needsInputGradient || needsAlphaGradient else { return out }
    let inputValues = x.storage, (inputShape, alphaShape) = (x.shape, alpha.shape)
    return recordOperation(inputs: [x, alpha], output: out) { grad in
        var dx: Tensor?, dAlpha: Tensor?
        grad.storage.withUnsafeBufferPointer { gp in
            inputValues.withUnsafeBufferPointer { xp in
                guard let gp = gp.baseAddress, let xp = xp.baseAddress else { return }
                if needsInputGradient {
                    dx = Tensor(shape: inputShape) { d in
                        slopes.withUnsafeBufferPointer { ap in
                            guard let ap = ap.baseAddress, let dp = d.baseAddress else { return }
                            PReLUKernels.inputGradient(gp, x: xp, alpha: ap, into: dp, rows: rows, columns: columns)
                        }
                    }
                }
                if needsAlphaGradient {
                    let full = Tensor(shape: sampleShape) { d in
                        guard let dp = d.baseAddress else { return }
                        PReLUKernels.alphaGradient(gp, x: xp, into: dp, rows: rows, columns: columns)
                    }
                    dAlpha = full.unbroadcast(to: alphaShape)
                }
            }
        }
        if needsInputGradient && dx == nil { dx = Tensor.zeros(inputShape) }
        if needsAlphaGradient && dAlpha == nil { dAlpha = Tensor.zeros(alphaShape) }
        return [dx, dAlpha]
    }
}
