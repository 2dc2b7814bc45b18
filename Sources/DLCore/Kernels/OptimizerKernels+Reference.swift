// Naive reference of the optimizer kernels (one scalar at a time, the standard library's square
// root), for the tests.

extension OptimizerKernels {
    /// Adam's update of every element, one at a time; returns the new weights, m, v and v̂ (v̂
    /// empty without AMSGrad).
    package static func referenceAdam(weights: [Float], gradient: [Float], m: [Float], v: [Float], vHat: [Float]?,
                                      b1: Float, b2: Float, alpha: Float, epsilon: Float)
        -> (weights: [Float], m: [Float], v: [Float], vHat: [Float]) {
        var (w, m, v, vh) = (weights, m, v, vHat ?? [])
        for i in w.indices {
            let g = gradient[i]
            m[i] = m[i] + (g - m[i]) * b1
            v[i] = v[i] + (g * g - v[i]) * b2
            var second = v[i]
            if vHat != nil {
                vh[i] = Swift.max(vh[i], v[i])
                second = vh[i]
            }
            w[i] -= m[i] * alpha / (second.squareRoot() + epsilon)
        }
        return (w, m, v, vh)
    }
}
