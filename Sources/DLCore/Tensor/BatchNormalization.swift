// Batch normalization over every axis but one, as two fused ops with their pullbacks: with the
// batch's own statistics (training) and with given statistics (inference), each optionally
// followed by ReLU in the same pass (`relu: true`, Conv–BN–ReLU blocks). Kernels:
// `BatchNormKernels`; the tensor is viewed as `[outer, channels, inner]` around `axis`.

/// The `[outer, channels, inner]` view of `x` around `axis`, after checking that the per-channel
/// vectors have `channels` entries.
private func batchNormLayout(_ x: Tensor, axis: Int, _ op: String, vectors: [(String, Tensor?)])
    -> (outer: Int, channels: Int, inner: Int) {
    check(x.rank >= 1, "\(op): input of shape \(x.shape) has no axis to normalize")
    let layout = x.axisLayout(axis)
    for (name, vector) in vectors {
        guard let vector else { continue }
        check(vector.shape == [layout.length],
              "\(op): \(name) of shape \(vector.shape) does not fit \(layout.length) channels of input \(x.shape) (axis \(axis))")
    }
    return (layout.outer, layout.length, layout.inner)
}

/// `1/√(variance + ε)` per channel.
private func inverseStandardDeviations(_ variance: [Float], epsilon: Float) -> [Float] {
    variance.map { 1 / ($0 + epsilon).squareRoot() }
}

/// `Σ g` and `Σ g · (x − mean)` per channel (`BatchNormKernels.gradientSums`), g read as 0
/// where `mask` (when given) is not positive.
private func gradientSums(_ g: Tensor, _ x: Tensor, mask: Tensor?, mean: [Float], outer: Int, channels: Int, inner: Int)
    -> (sumG: [Double], sumGX: [Double]) {
    var sums = [Double](repeating: 0, count: 2 * channels)
    g.withUnsafeBufferPointer { gb in
        x.withUnsafeBufferPointer { xb in
            mask.withUnsafeBufferPointer { maskBuffer in
                mean.withUnsafeBufferPointer { mb in
                    sums.withUnsafeMutableBufferPointer { sb in
                        guard let gp = gb.baseAddress, let xp = xb.baseAddress, let mp = mb.baseAddress,
                              let sp = sb.baseAddress else { return }
                        BatchNormKernels.gradientSums(gp, xp, mask: maskBuffer?.baseAddress, outer: outer, channels: channels,
                                                      inner: inner, mean: mp, into: sp)
                    }
                }
            }
        }
    }
    return (Array(sums[..<channels]), Array(sums[channels...]))
}

/// `(x − mean) · scale + shift` per channel, then ReLU with `relu`, in one pass
/// (`BatchNormKernels.normalize`).
private func scaleAndShift(_ x: Tensor, mean: [Float], scale: [Float], shift: [Float], relu: Bool = false,
                           outer: Int, channels: Int, inner: Int) -> Tensor {
    Tensor(shape: x.shape) { out in
        x.withUnsafeBufferPointer { xb in
            mean.withUnsafeBufferPointer { mb in
                scale.withUnsafeBufferPointer { ab in
                    shift.withUnsafeBufferPointer { bb in
                        guard let xp = xb.baseAddress, let op = out.baseAddress, let mp = mb.baseAddress,
                              let ap = ab.baseAddress, let bp = bb.baseAddress else { return }
                        BatchNormKernels.normalize(xp, outer: outer, channels: channels, inner: inner,
                                                   mean: mp, scale: ap, shift: bp, relu: relu, into: op)
                    }
                }
            }
        }
    }
}

/// Records `output` computed from `x` and the optional per-channel `gamma` and `beta` (plus
/// `others` before them), with `pullback` giving gradients in the order x, others..., gamma, beta.
private func recordBatchNorm(_ x: Tensor, others: [Tensor], gamma: Tensor?, beta: Tensor?, output: Tensor,
                             _ pullback: @escaping (Tensor) -> [Tensor?]) -> Tensor {
    let inputs = [x] + others + [gamma, beta].compactMap { $0 }
    let keep = [true] + others.map { _ in true } + [gamma != nil, beta != nil]
    return recordOperation(inputs: inputs, output: output) { g in
        zip(pullback(g), keep).filter { $0.1 }.map { $0.0 }
    }
}

/// Batch normalization with the batch's own statistics (Keras's `BatchNormalization` when
/// training): per channel along `axis`, `y = γ · (x − μ) / √(σ² + ε) + β` where μ and σ² are the
/// mean and biased variance of `x` over every other axis. `gamma` nil means 1, `beta` nil means 0.
///
/// Shapes: x `[..., channels, ...]` (channels at `axis`; channels-last `[N, H, W, C]` with axis −1
/// is the fast path) → output like x; gamma, beta, mean, variance `[channels]`.
///
/// The statistics come from one pass over x (`BatchNormKernels.moments`), the output from a
/// second. The returned `mean` and `variance` are plain values (not recorded: the moving averages
/// are updated outside the tape). The pullback is the fused batch-norm backward: one pass for
/// `dβ = Σ g`, `dγ = Σ g·x̂`, one for `dx = γ/σ · (g − mean(g) − x̂ · mean(g·x̂))`.
/// With `relu: true` the output is `max(y, 0)` (NaN kept), computed in the same pass, and the
/// pullback reads g as 0 where that output is not positive: it equals `relu(batchNormalization(...))`
/// without the ReLU's own passes and tensor.
/// - Precondition: `-rank ≤ axis < rank`, gamma and beta hold `channels` values, and every
///   channel has at least one value.
public func batchNormalization(_ x: Tensor, gamma: Tensor?, beta: Tensor?, axis: Int = -1, epsilon: Float,
                               relu: Bool = false) -> (output: Tensor, mean: Tensor, variance: Tensor) {
    let (outer, channels, inner) = batchNormLayout(x, axis: axis, "batchNormalization", vectors: [("gamma", gamma), ("beta", beta)])
    check(outer * inner > 0, "batchNormalization: input of shape \(x.shape) has no values to take statistics over (axis \(axis))")
    var mean = [Float](repeating: 0, count: channels), variance = [Float](repeating: 0, count: channels)
    x.withUnsafeBufferPointer { xb in
        mean.withUnsafeMutableBufferPointer { mb in
            variance.withUnsafeMutableBufferPointer { vb in
                guard let xp = xb.baseAddress, let mp = mb.baseAddress, let vp = vb.baseAddress else { return }
                BatchNormKernels.moments(xp, outer: outer, channels: channels, inner: inner, mean: mp, variance: vp)
            }
        }
    }
    let invStd = inverseStandardDeviations(variance, epsilon: epsilon)
    let gammaValues = gamma?.scalars ?? [Float](repeating: 1, count: channels)
    let scale = zip(gammaValues, invStd).map { $0 * $1 }
    let shift = beta?.scalars ?? [Float](repeating: 0, count: channels)
    let y = scaleAndShift(x, mean: mean, scale: scale, shift: shift, relu: relu, outer: outer, channels: channels, inner: inner)
    let statistics = (Tensor(shape: [channels], scalars: mean), Tensor(shape: [channels], scalars: variance))
    guard isRecordingGradients else { return (y, statistics.0, statistics.1) }
    let cx = x.detached
    let needX = x.isOnActiveTape
    let mask = relu ? y : nil
    let output = recordBatchNorm(x, others: [], gamma: gamma, beta: beta, output: y) { g in
        let (sumG, sumGX) = gradientSums(g, cx, mask: mask, mean: mean, outer: outer, channels: channels, inner: inner)
        let dGamma = Tensor(shape: [channels], scalars: (0..<channels).map { Float(sumGX[$0] * Double(invStd[$0])) })
        let dBeta = Tensor(shape: [channels], scalars: sumG.map { Float($0) })
        guard needX else { return [nil, dGamma, dBeta] }
        let count = Double(outer * inner)
        var a = [Float](), b = [Float](), d = [Float]()
        for c in 0..<channels {
            let (s, gammaC) = (Double(invStd[c]), Double(gammaValues[c]))
            a.append(Float(gammaC * s))
            b.append(Float(-gammaC * s * s * s * sumGX[c] / count))
            d.append(Float(-gammaC * s * sumG[c] / count))
        }
        let dx = Tensor(shape: cx.shape) { out in
            g.withUnsafeBufferPointer { gb in
                cx.withUnsafeBufferPointer { xb in
                    mask.withUnsafeBufferPointer { maskBuffer in
                        guard let gp = gb.baseAddress, let xp = xb.baseAddress, let op = out.baseAddress else { return }
                        BatchNormKernels.inputGradient(gp, xp, mask: maskBuffer?.baseAddress, outer: outer, channels: channels,
                                                       inner: inner, mean: mean, a: a, b: b, d: d, into: op)
                    }
                }
            }
        }
        return [dx, dGamma, dBeta]
    }
    return (output, statistics.0, statistics.1)
}

/// Batch normalization with given statistics (Keras's `BatchNormalization` at inference, with the
/// moving mean and variance): per channel along `axis`, `y = γ · (x − mean) / √(variance + ε) + β`,
/// in one fused scale-and-shift pass. `gamma` nil means 1, `beta` nil means 0.
///
/// Shapes: x `[..., channels, ...]` (channels at `axis`) → output like x; mean, variance, gamma,
/// beta `[channels]`. The pullback gives x, mean, variance, gamma and beta their gradients.
/// With `relu: true` the output is `max(y, 0)` from the same pass (NaN kept), and the pullback
/// that of `relu(batchNormalization(...))`.
/// - Precondition: `-rank ≤ axis < rank` and every vector holds `channels` values.
public func batchNormalization(_ x: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor?, beta: Tensor?,
                               axis: Int = -1, epsilon: Float, relu: Bool = false) -> Tensor {
    let (outer, channels, inner) = batchNormLayout(x, axis: axis, "batchNormalization",
                                                   vectors: [("mean", mean), ("variance", variance), ("gamma", gamma), ("beta", beta)])
    let meanValues = mean.scalars
    let invStd = inverseStandardDeviations(variance.scalars, epsilon: epsilon)
    let gammaValues = gamma?.scalars ?? [Float](repeating: 1, count: channels)
    let scale = zip(gammaValues, invStd).map { $0 * $1 }
    let shift = beta?.scalars ?? [Float](repeating: 0, count: channels)
    let y = scaleAndShift(x, mean: meanValues, scale: scale, shift: shift, relu: relu,
                          outer: outer, channels: channels, inner: inner)
    guard isRecordingGradients else { return y }
    let cx = x.detached
    let needX = x.isOnActiveTape
    return recordBatchNorm(x, others: [mean, variance], gamma: gamma, beta: beta, output: y) { output in
        let g = relu ? maskedByPositive(output, y) : output
        let (sumG, sumGX) = gradientSums(g, cx, mask: nil, mean: meanValues, outer: outer, channels: channels, inner: inner)
        let zeros = [Float](repeating: 0, count: channels)
        let dx = needX ? scaleAndShift(g, mean: zeros, scale: scale, shift: zeros, outer: outer, channels: channels, inner: inner) : nil
        let vector = { (f: (Int) -> Double) in Tensor(shape: [channels], scalars: (0..<channels).map { Float(f($0)) }) }
        let dMean = vector { -Double(scale[$0]) * sumG[$0] }
        let dVariance = vector { -0.5 * Double(gammaValues[$0]) * pow3(Double(invStd[$0])) * sumGX[$0] }
        let dGamma = vector { sumGX[$0] * Double(invStd[$0]) }
        let dBeta = vector { sumG[$0] }
        return [dx, dMean, dVariance, dGamma, dBeta]
    }
}

private func pow3(_ value: Double) -> Double { value * value * value }

/// `g` where `y > 0`, 0 elsewhere (ReLU's pullback from its output `y`).
private func maskedByPositive(_ g: Tensor, _ y: Tensor) -> Tensor {
    Tensor(shape: g.shape) { out in
        g.withUnsafeBufferPointer { gb in
            y.withUnsafeBufferPointer { yb in
                guard let gp = gb.baseAddress, let yp = yb.baseAddress, let op = out.baseAddress else { return }
                Parallel.forRanges(out.count) { first, last in
                    ActivationKernels.reluBackward(gp + first, yp + first, into: op + first, count: last - first)
                }
            }
        }
    }
}
