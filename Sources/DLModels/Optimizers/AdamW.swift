#if canImport(Glibc)
import Glibc
#endif

/// AdamW (Keras 3 `AdamW`): Adam with decoupled weight decay.
///
/// Before the Adam step (see `Adam`), w −= lr·weightDecay·w. The decay is the base class's
/// `weightDecay`, 0.004 by default.
public final class AdamW: BaseOptimizer {
    /// Decay of the first-moment average.
    public let beta1: Float
    /// Decay of the second-moment average.
    public let beta2: Float
    /// Added to the denominator.
    public let epsilon: Float
    /// Whether to use the running maximum of the second moment (AMSGrad).
    public let amsgrad: Bool

    /// AdamW with a constant learning rate (Keras defaults).
    public convenience init(learningRate: Float = 0.001, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7, amsgrad: Bool = false,
                            clipNorm: Float? = nil, clipValue: Float? = nil, globalClipNorm: Float? = nil,
                            weightDecay: Float? = 0.004) {
        self.init(beta1: beta1, beta2: beta2, epsilon: epsilon, amsgrad: amsgrad, learningRate: learningRate, schedule: nil,
                  clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: globalClipNorm, weightDecay: weightDecay)
    }

    /// AdamW whose learning rate follows `learningRate`.
    public convenience init(learningRate: LearningRateSchedule, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7, amsgrad: Bool = false,
                            clipNorm: Float? = nil, clipValue: Float? = nil, globalClipNorm: Float? = nil,
                            weightDecay: Float? = 0.004) {
        self.init(beta1: beta1, beta2: beta2, epsilon: epsilon, amsgrad: amsgrad, learningRate: 0, schedule: learningRate,
                  clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: globalClipNorm, weightDecay: weightDecay)
    }

    private init(beta1: Float, beta2: Float, epsilon: Float, amsgrad: Bool, learningRate: Float, schedule: LearningRateSchedule?,
                 clipNorm: Float?, clipValue: Float?, globalClipNorm: Float?, weightDecay: Float?) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.amsgrad = amsgrad
        super.init(name: "adamw", learningRate: learningRate, learningRateSchedule: schedule, clipNorm: clipNorm,
                   clipValue: clipValue, globalClipNorm: globalClipNorm, weightDecay: weightDecay)
    }

    /// Slots: first moment, second moment, then the second moment's maximum (AMSGrad).
    override public var slotInitialValues: [Float] { amsgrad ? [0, 0, 0] : [0, 0] }


    /// The AdamW update.
    override public func updateStep(weights: UnsafeMutableBufferPointer<Float>, gradient: UnsafeBufferPointer<Float>,
                                    slots: [UnsafeMutableBufferPointer<Float>], learningRate lr: Float, step: Int) {
        let t = Float(step)
        let alpha = lr * (1 - powf(beta2, t)).squareRoot() / (1 - powf(beta1, t))
        let m = slots[0], v = slots[1]
        let vHat = amsgrad ? slots[2] : nil
        for i in 0..<weights.count {
            let g = gradient[i]
            m[i] += (g - m[i]) * (1 - beta1)
            v[i] += (g * g - v[i]) * (1 - beta2)
            var denominatorSquare = v[i]
            if let vHat {
                vHat[i] = Swift.max(vHat[i], v[i])
                denominatorSquare = vHat[i]
            }
            weights[i] -= m[i] * alpha / (sqrtf(denominatorSquare) + epsilon)
        }
    }
}

extension Optimizer where Self == AdamW {
    /// AdamW with Keras's defaults (learning rate 0.001, weight decay 0.004).
    public static var adamW: AdamW { AdamW() }
}
