/// AdamW (Keras 3 `AdamW`): Adam with decoupled weight decay.
///
/// Before the Adam step (see `Adam`), w −= lr·weightDecay·w. The decay is the base class's
/// `weightDecay`, 0.004 by default.
public final class AdamW: Adam {
    /// AdamW with a constant learning rate (Keras defaults).
    public init(learningRate: Float = 0.001, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7, amsgrad: Bool = false,
                clipNorm: Float? = nil, clipValue: Float? = nil, globalClipNorm: Float? = nil,
                weightDecay: Float? = 0.004) {
        super.init(name: "adamw", beta1: beta1, beta2: beta2, epsilon: epsilon, amsgrad: amsgrad, learningRate: learningRate,
                   schedule: nil, clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: globalClipNorm, weightDecay: weightDecay)
    }

    /// AdamW whose learning rate follows `learningRate`.
    public init(learningRate: LearningRateSchedule, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7, amsgrad: Bool = false,
                clipNorm: Float? = nil, clipValue: Float? = nil, globalClipNorm: Float? = nil,
                weightDecay: Float? = 0.004) {
        super.init(name: "adamw", beta1: beta1, beta2: beta2, epsilon: epsilon, amsgrad: amsgrad, learningRate: 0,
                   schedule: learningRate, clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: globalClipNorm,
                   weightDecay: weightDecay)
    }
}

extension Optimizer where Self == AdamW {
    /// AdamW with Keras's defaults (learning rate 0.001, weight decay 0.004).
    public static var adamW: AdamW { AdamW() }
}
