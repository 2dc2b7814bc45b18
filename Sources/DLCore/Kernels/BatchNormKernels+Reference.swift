#if canImport(Glibc)
import Glibc
#endif

// Naive references of the batch normalization kernels, on arrays and in Double, for tests: the
// textbook formulas with index arithmetic per element, the mean and variance in two passes.

extension BatchNormKernels {
    /// The values of channel `c` of x `[outer, channels, inner]`, as Doubles.
    private static func channelValues(_ x: [Float], outer: Int, channels: Int, inner: Int, _ c: Int) -> [Double] {
        var values: [Double] = []
        for o in 0..<outer { for i in 0..<inner { values.append(Double(x[(o * channels + c) * inner + i])) } }
        return values
    }

    /// Naive reference of `moments`: the mean, then the mean squared deviation from it.
    /// Shapes: x `[outer, channels, inner]` → mean, variance `[channels]`.
    package static func referenceMoments(_ x: [Float], outer: Int, channels: Int, inner: Int)
        -> (mean: [Float], variance: [Float]) {
        var mean = [Float](), variance = [Float]()
        for c in 0..<channels {
            let values = channelValues(x, outer: outer, channels: channels, inner: inner, c)
            let m = values.reduce(0, +) / Double(values.count)
            mean.append(Float(m))
            variance.append(Float(values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count)))
        }
        return (mean, variance)
    }

    /// Naive reference of batch normalization's forward pass:
    /// `y = γ · (x − mean) / √(variance + ε) + β` per element.
    /// Shapes: x `[outer, channels, inner]`; mean, variance, gamma, beta `[channels]`.
    package static func referenceNormalize(_ x: [Float], outer: Int, channels: Int, inner: Int, mean: [Float], variance: [Float],
                                          gamma: [Float], beta: [Float], epsilon: Float) -> [Float] {
        var y = [Float](repeating: 0, count: x.count)
        for o in 0..<outer {
            for c in 0..<channels {
                let sigma = (Double(variance[c]) + Double(epsilon)).squareRoot()
                for i in 0..<inner {
                    let index = (o * channels + c) * inner + i
                    y[index] = Float(Double(gamma[c]) * (Double(x[index]) - Double(mean[c])) / sigma + Double(beta[c]))
                }
            }
        }
        return y
    }

    /// Naive reference of the pullback of batch normalization with the batch's own statistics
    /// (Ioffe and Szegedy's formulas): with `x̂ = (x − μ)/σ`, `σ = √(var + ε)`, `m = outer·inner`,
    /// `dγ = Σ g·x̂`, `dβ = Σ g`, `dx = γ/σ · (g − Σg/m − x̂ · Σ(g·x̂)/m)`.
    /// Shapes: g, x, dx `[outer, channels, inner]`; gamma, dGamma, dBeta `[channels]`.
    package static func referenceBatchStatisticsGradient(_ g: [Float], _ x: [Float], outer: Int, channels: Int, inner: Int,
                                                        gamma: [Float], epsilon: Float)
        -> (dx: [Float], dGamma: [Float], dBeta: [Float]) {
        var dx = [Float](repeating: 0, count: x.count), dGamma = [Float](), dBeta = [Float]()
        let count = Double(outer * inner)
        for c in 0..<channels {
            let xs = channelValues(x, outer: outer, channels: channels, inner: inner, c)
            let gs = channelValues(g, outer: outer, channels: channels, inner: inner, c)
            let mu = xs.reduce(0, +) / count
            let sigma = (xs.reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / count + Double(epsilon)).squareRoot()
            let xHat = xs.map { ($0 - mu) / sigma }
            let sumG = gs.reduce(0, +)
            let sumGXHat = zip(gs, xHat).reduce(0) { $0 + $1.0 * $1.1 }
            dGamma.append(Float(sumGXHat))
            dBeta.append(Float(sumG))
            var j = 0
            for o in 0..<outer {
                for i in 0..<inner {
                    let value = Double(gamma[c]) / sigma * (gs[j] - sumG / count - xHat[j] * sumGXHat / count)
                    dx[(o * channels + c) * inner + i] = Float(value)
                    j += 1
                }
            }
        }
        return (dx, dGamma, dBeta)
    }
}
