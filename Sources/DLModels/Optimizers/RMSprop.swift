#if canImport(Glibc)
import Glibc
#endif

/// RMSprop (Keras 3 `RMSprop`): a running mean of squared gradients scales each step.
///
/// v = ρ·v + (1 − ρ)·g²; centered: a = ρ·a + (1 − ρ)·g and the denominator is v − a² + ε,
/// otherwise v + ε; step = lr·g / √denominator; with momentum m: s = m·s + step, w −= s;
/// otherwise w −= step. (Keras 3 puts ε inside the square root.)
public final class RMSprop: BaseOptimizer {
    /// Decay of the squared-gradient average.
    public let rho: Float
    /// Momentum of the step (0: none).
    public let momentum: Float
    /// Added to the denominator inside the square root.
    public let epsilon: Float
    /// Whether to subtract the squared mean gradient (centered RMSprop).
    public let centered: Bool

    /// RMSprop with a constant learning rate (Keras defaults).
    public convenience init(learningRate: Float = 0.001, rho: Float = 0.9, momentum: Float = 0, epsilon: Float = 1e-7, centered: Bool = false,
                            clipNorm: Float? = nil, clipValue: Float? = nil, globalClipNorm: Float? = nil, weightDecay: Float? = nil) {
        self.init(learningRate: .constant(learningRate), rho: rho, momentum: momentum, epsilon: epsilon, centered: centered, options: OptimizerOptions(
            clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: globalClipNorm, weightDecay: weightDecay))
    }

    /// RMSprop whose learning rate follows `learningRate`.
    public convenience init(learningRate: LearningRateSchedule, rho: Float = 0.9, momentum: Float = 0, epsilon: Float = 1e-7, centered: Bool = false,
                            clipNorm: Float? = nil, clipValue: Float? = nil, globalClipNorm: Float? = nil, weightDecay: Float? = nil) {
        self.init(learningRate: .schedule(learningRate), rho: rho, momentum: momentum, epsilon: epsilon, centered: centered, options: OptimizerOptions(
            clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: globalClipNorm, weightDecay: weightDecay))
    }

    /// RMSprop with the shared `options`.
    public init(learningRate: LearningRate, rho: Float = 0.9, momentum: Float = 0, epsilon: Float = 1e-7, centered: Bool = false,
                options: OptimizerOptions) {
        self.rho = rho
        self.momentum = momentum
        self.epsilon = epsilon
        self.centered = centered
        super.init(learningRate: learningRate, options: options)
    }

    /// Slots: velocity, then momentum (if used), then the average gradient (if centered).
    override public var slotInitialValues: [Float] { [0] + (momentum > 0 ? [0] : []) + (centered ? [0] : []) }

    /// Keras's slot names, each its own group (every velocity, then every momentum, then every average gradient).
    override public var slotNames: [[String]] { [["velocity"]] + (momentum > 0 ? [["momentum"]] : []) + (centered ? [["average_gradient"]] : []) }


    /// The RMSprop update.
    override public func updateStep(weights: UnsafeMutableBufferPointer<Float>, gradient: UnsafeBufferPointer<Float>,
                                    slots: [UnsafeMutableBufferPointer<Float>], learningRate lr: Float, step: Int) {
        let v = slots[0]
        let s = momentum > 0 ? slots[1] : nil
        let a = centered ? slots[slots.count - 1] : nil
        for i in 0..<weights.count {
            let g = gradient[i]
            v[i] = rho * v[i] + (1 - rho) * g * g
            var denominator = v[i] + epsilon
            if let a {
                a[i] = rho * a[i] + (1 - rho) * g
                denominator = v[i] - a[i] * a[i] + epsilon
            }
            let increment = lr * g / sqrtf(denominator)
            if let s {
                s[i] = momentum * s[i] + increment
                weights[i] -= s[i]
            } else {
                weights[i] -= increment
            }
        }
    }

    // MARK: - Configuration

    /// Keras's `get_config()`: the shared keys and `rho`, `momentum`, `epsilon`, `centered`.
    override public func getConfig() -> LayerConfig {
        super.getConfig().adding(["rho": .float(rho), "momentum": .float(momentum), "epsilon": .float(epsilon), "centered": .bool(centered)])
    }

    /// Keras's `from_config` (missing keys take Keras's defaults).
    /// - Throws: `DLError.invalidArgument` naming the class and the key for an unknown, ill-typed or unsupported key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Self {
        try reading(config, defaultRate: 0.001) { reader, rate, options in
            self.init(learningRate: rate, rho: try reader.float("rho", default: 0.9), momentum: try reader.float("momentum", default: 0),
                      epsilon: try reader.float("epsilon", default: 1e-7), centered: try reader.bool("centered", default: false), options: options)
        }
    }
}

extension Optimizer where Self == RMSprop {
    /// RMSprop with Keras's defaults (learning rate 0.001, ρ 0.9).
    public static var rmsprop: RMSprop { RMSprop() }
}
