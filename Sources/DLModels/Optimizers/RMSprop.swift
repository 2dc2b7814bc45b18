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
                            clipNorm: Float? = nil, clipValue: Float? = nil, globalClipNorm: Float? = nil,
                            weightDecay: Float? = nil) {
        self.init(rho: rho, momentum: momentum, epsilon: epsilon, centered: centered, learningRate: learningRate, schedule: nil,
                  clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: globalClipNorm, weightDecay: weightDecay)
    }

    /// RMSprop whose learning rate follows `learningRate`.
    public convenience init(learningRate: LearningRateSchedule, rho: Float = 0.9, momentum: Float = 0, epsilon: Float = 1e-7, centered: Bool = false,
                            clipNorm: Float? = nil, clipValue: Float? = nil, globalClipNorm: Float? = nil,
                            weightDecay: Float? = nil) {
        self.init(rho: rho, momentum: momentum, epsilon: epsilon, centered: centered, learningRate: 0, schedule: learningRate,
                  clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: globalClipNorm, weightDecay: weightDecay)
    }

    private init(rho: Float, momentum: Float, epsilon: Float, centered: Bool, learningRate: Float, schedule: LearningRateSchedule?,
                 clipNorm: Float?, clipValue: Float?, globalClipNorm: Float?, weightDecay: Float?) {
        self.rho = rho
        self.momentum = momentum
        self.epsilon = epsilon
        self.centered = centered
        super.init(name: "rmsprop", learningRate: learningRate, learningRateSchedule: schedule, clipNorm: clipNorm,
                   clipValue: clipValue, globalClipNorm: globalClipNorm, weightDecay: weightDecay)
    }

    /// Slots: velocity, then momentum (if used), then the average gradient (if centered).
    override public var slotInitialValues: [Float] { [0] + (momentum > 0 ? [0] : []) + (centered ? [0] : []) }


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
}

extension Optimizer where Self == RMSprop {
    /// RMSprop with Keras's defaults (learning rate 0.001, ρ 0.9).
    public static var rmsprop: RMSprop { RMSprop() }
}
