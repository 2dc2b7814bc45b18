#if canImport(Glibc)
import Glibc
#endif

/// Adam (Keras 3 `Adam`).
///
/// With t the 1-based step: α = lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ); m += (g − m)(1 − β₁);
/// v += (g² − v)(1 − β₂); AMSGrad: v̂ = max(v̂, v) replaces v; w −= α·m / (√v + ε).
public class Adam: BaseOptimizer {
    /// Decay of the first-moment average.
    public let beta1: Float
    /// Decay of the second-moment average.
    public let beta2: Float
    /// Added to the denominator.
    public let epsilon: Float
    /// Whether to use the running maximum of the second moment (AMSGrad).
    public let amsgrad: Bool

    /// Adam with a constant learning rate (Keras defaults).
    public convenience init(learningRate: Float = 0.001, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7, amsgrad: Bool = false,
                            clipNorm: Float? = nil, clipValue: Float? = nil, globalClipNorm: Float? = nil, weightDecay: Float? = nil) {
        self.init(learningRate: .constant(learningRate), beta1: beta1, beta2: beta2, epsilon: epsilon, amsgrad: amsgrad, options: OptimizerOptions(
            clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: globalClipNorm, weightDecay: weightDecay))
    }

    /// Adam whose learning rate follows `learningRate`.
    public convenience init(learningRate: LearningRateSchedule, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7, amsgrad: Bool = false,
                            clipNorm: Float? = nil, clipValue: Float? = nil, globalClipNorm: Float? = nil, weightDecay: Float? = nil) {
        self.init(learningRate: .schedule(learningRate), beta1: beta1, beta2: beta2, epsilon: epsilon, amsgrad: amsgrad, options: OptimizerOptions(
            clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: globalClipNorm, weightDecay: weightDecay))
    }

    /// Adam with the shared `options` (also `AdamW`'s, which inherits every initializer).
    public required init(learningRate: LearningRate, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7, amsgrad: Bool = false,
                options: OptimizerOptions) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.amsgrad = amsgrad
        super.init(learningRate: learningRate, options: options)
    }

    /// Slots: first moment, second moment, then the second moment's maximum (AMSGrad).
    override public var slotInitialValues: [Float] { amsgrad ? [0, 0, 0] : [0, 0] }

    /// Keras's slot names: momentum and velocity interleaved per variable, then every velocity_hat.
    override public var slotNames: [[String]] { [["momentum", "velocity"]] + (amsgrad ? [["velocity_hat"]] : []) }


    /// The Adam update.
    override public func updateStep(weights: UnsafeMutableBufferPointer<Float>, gradient: UnsafeBufferPointer<Float>,
                                    slots: [UnsafeMutableBufferPointer<Float>], learningRate lr: Float, step: Int) {
        let t = Float(step)
        let alpha = lr * (1 - powf(beta2, t)).squareRoot() / (1 - powf(beta1, t))
        guard let w = weights.baseAddress, let gp = gradient.baseAddress,
              let m = slots[0].baseAddress, let v = slots[1].baseAddress else { return }
        let (b1, b2, eps, count) = (1 - beta1, 1 - beta2, epsilon, weights.count)
        // OptimizerKernels.adam: vectorized (with FastMath's square root inlined, which it is not
        // here across the module boundary); large variables are split across the workers (the
        // update is memory-bound).
        let vHat = amsgrad ? slots[2].baseAddress : nil
        Parallel.forRanges(count) { start, end in
            OptimizerKernels.adam(weights: w, gradient: gp, m: m, v: v, vHat: vHat, range: start..<end,
                                  b1: b1, b2: b2, alpha: alpha, epsilon: eps)
        }
    }

    // MARK: - Configuration

    /// Keras's `get_config()`: the shared keys and `beta_1`, `beta_2`, `epsilon`, `amsgrad`.
    override public func getConfig() -> LayerConfig {
        super.getConfig().adding(["beta_1": .float(beta1), "beta_2": .float(beta2), "epsilon": .float(epsilon), "amsgrad": .bool(amsgrad)])
    }

    /// Keras's `from_config` (missing keys take Keras's defaults).
    /// - Throws: `DLError.invalidArgument` naming the class and the key for an unknown, ill-typed or unsupported key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Self {
        try reading(config, defaultRate: 0.001) { reader, rate, options in
            self.init(learningRate: rate, beta1: try reader.float("beta_1", default: 0.9), beta2: try reader.float("beta_2", default: 0.999),
                      epsilon: try reader.float("epsilon", default: 1e-7), amsgrad: try reader.bool("amsgrad", default: false), options: options)
        }
    }
}

extension Optimizer where Self == Adam {
    /// Adam with Keras's defaults (learning rate 0.001, β₁ 0.9, β₂ 0.999, ε 1e-7).
    public static var adam: Adam { Adam() }
}
