internal import CKernels

// The optimizers' updates by the C kernels (Sources/CKernels/Optimizer.c: portable, AVX2 or
// AVX-512, chosen at run time; `VectorUnit`): the same operations in the same order on every
// element as the Swift loops (`adamSwift`, `sgdSwift`), so results are bit-identical. Adam's
// square root and division run 16 lanes at a time with AVX-512 instead of the Swift loop's SSE
// (measured on the mlp workload, a Zen 4: Adam's update 15% of the training step before).

extension OptimizerKernels {
    /// Adam's update of elements `range` (AMSGrad when `vHat` is given), as `adamSwift`.
    package static func adam(weights w: UnsafeMutablePointer<Float>, gradient gp: UnsafePointer<Float>,
                             m: UnsafeMutablePointer<Float>, v: UnsafeMutablePointer<Float>,
                             vHat: UnsafeMutablePointer<Float>?, range: Range<Int>,
                             b1: Float, b2: Float, alpha: Float, epsilon eps: Float) {
        guard !range.isEmpty else { return }
        var step = dl_adam_step(weights: w, gradient: gp, m: m, v: v, vHat: vHat, b1: b1, b2: b2, alpha: alpha, epsilon: eps)
        dl_adam_update(&step, range.lowerBound, range.upperBound)
    }

    /// SGD's update of elements `range` (with momentum when `velocity` is given), as `sgdSwift`.
    package static func sgd(weights w: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>,
                            velocity v: UnsafeMutablePointer<Float>?, range: Range<Int>, learningRate lr: Float,
                            momentum μ: Float, nesterov: Bool) {
        guard !range.isEmpty else { return }
        var step = dl_sgd_step(weights: w, gradient: g, velocity: v, learningRate: lr, momentum: μ, nesterov: nesterov ? 1 : 0)
        dl_sgd_update(&step, range.lowerBound, range.upperBound)
    }
}
