#if canImport(Glibc)
import Glibc
#endif

/// Nadam (Keras 3 `Nadam`): Adam with Nesterov momentum through a momentum schedule.
///
/// With t the 1-based step, μₜ = β₁(1 − ½·0.96ᵗ), Πₜ = μ₁⋯μₜ: m += (g − m)(1 − β₁);
/// v += (g² − v)(1 − β₂); m̂ = μₜ₊₁·m/(1 − Πₜ·μₜ₊₁) + (1 − μₜ)·g/(1 − Πₜ); v̂ = v/(1 − β₂ᵗ);
/// w −= lr·m̂/(√v̂ + ε).
public final class Nadam: BaseOptimizer {
    /// Decay of the first-moment average.
    public let beta1: Float
    /// Decay of the second-moment average.
    public let beta2: Float
    /// Added to the denominator.
    public let epsilon: Float

    /// Nadam with a constant learning rate (Keras defaults).
    public convenience init(learningRate: Float = 0.001, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7,
                            clipNorm: Float? = nil, clipValue: Float? = nil, globalClipNorm: Float? = nil, weightDecay: Float? = nil) {
        self.init(learningRate: .constant(learningRate), beta1: beta1, beta2: beta2, epsilon: epsilon, options: OptimizerOptions(
            clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: globalClipNorm, weightDecay: weightDecay))
    }

    /// Nadam whose learning rate follows `learningRate`.
    public convenience init(learningRate: LearningRateSchedule, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7,
                            clipNorm: Float? = nil, clipValue: Float? = nil, globalClipNorm: Float? = nil, weightDecay: Float? = nil) {
        self.init(learningRate: .schedule(learningRate), beta1: beta1, beta2: beta2, epsilon: epsilon, options: OptimizerOptions(
            clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: globalClipNorm, weightDecay: weightDecay))
    }

    /// Nadam with the shared `options`.
    public init(learningRate: LearningRate, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7, options: OptimizerOptions) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        super.init(learningRate: learningRate, options: options)
    }

    /// Slots: first moment, second moment.
    override public var slotInitialValues: [Float] { [0, 0] }

    /// Keras's slot names (interleaved per variable).
    override public var slotNames: [[String]] { [["momentum", "velocity"]] }

    /// The running product of the momentum schedule μ₁·…·μₜ (Keras's `u_product`).
    public private(set) var momentumProduct: Float = 1

    /// μₜ = β₁(1 − ½·0.96ᵗ), Keras's momentum schedule.
    /// Keras's `_u_product` variable, saved after the slots.
    override public var extraState: [Float] {
        get { [momentumProduct] }
        set { if let product = newValue.first { momentumProduct = product } }
    }

    private func momentumCache(_ t: Int) -> Float { beta1 * (1 - 0.5 * powf(0.96, Float(t))) }

    /// Multiplies the running product by this step's μₜ, once per step.
    override public func prepareStep(_ step: Int) {
        momentumProduct *= momentumCache(step)
    }

    /// The Nadam update.
    override public func updateStep(weights: UnsafeMutableBufferPointer<Float>, gradient: UnsafeBufferPointer<Float>,
                                    slots: [UnsafeMutableBufferPointer<Float>], learningRate lr: Float, step: Int) {
        let uT = momentumCache(step), uNext = momentumCache(step + 1)
        let product = momentumProduct, productNext = momentumProduct * uNext
        let beta2Power = powf(beta2, Float(step))
        let m = slots[0], v = slots[1]
        for i in 0..<weights.count {
            let g = gradient[i]
            m[i] += (g - m[i]) * (1 - beta1)
            v[i] += (g * g - v[i]) * (1 - beta2)
            let mHat = uNext * m[i] / (1 - productNext) + (1 - uT) * g / (1 - product)
            let vHat = v[i] / (1 - beta2Power)
            weights[i] -= mHat * lr / (sqrtf(vHat) + epsilon)
        }
    }

    // MARK: - Configuration

    /// Keras's `get_config()`: the shared keys and `beta_1`, `beta_2`, `epsilon`.
    override public func getConfig() -> LayerConfig {
        super.getConfig().adding(["beta_1": .float(beta1), "beta_2": .float(beta2), "epsilon": .float(epsilon)])
    }

    /// Keras's `from_config` (missing keys take Keras's defaults).
    /// - Throws: `DLError.invalidArgument` naming the class and the key for an unknown, ill-typed or unsupported key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Self {
        try reading(config, defaultRate: 0.001) { reader, rate, options in
            self.init(learningRate: rate, beta1: try reader.float("beta_1", default: 0.9), beta2: try reader.float("beta_2", default: 0.999),
                      epsilon: try reader.float("epsilon", default: 1e-7), options: options)
        }
    }
}

extension Optimizer where Self == Nadam {
    /// Nadam with Keras's defaults (learning rate 0.001, β₁ 0.9, β₂ 0.999, ε 1e-7).
    public static var nadam: Nadam { Nadam() }
}
