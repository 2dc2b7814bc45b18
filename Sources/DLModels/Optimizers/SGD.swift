/// Stochastic gradient descent with optional momentum (Keras 3 `SGD`).
///
/// Without momentum: w −= lr·g. With momentum m: v = m·v − lr·g, then w += v, or with Nesterov
/// w += m·v − lr·g (v already updated).
public final class SGD: BaseOptimizer {
    /// The momentum factor (0 disables the velocity slot).
    public let momentum: Float
    /// Whether to use Nesterov momentum.
    public let nesterov: Bool

    /// SGD with a constant learning rate (Keras defaults).
    public convenience init(learningRate: Float = 0.01, momentum: Float = 0, nesterov: Bool = false,
                            clipNorm: Float? = nil, clipValue: Float? = nil, globalClipNorm: Float? = nil,
                            weightDecay: Float? = nil) {
        self.init(momentum: momentum, nesterov: nesterov, learningRate: learningRate, schedule: nil,
                  clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: globalClipNorm, weightDecay: weightDecay)
    }

    /// SGD whose learning rate follows `learningRate`.
    public convenience init(learningRate: LearningRateSchedule, momentum: Float = 0, nesterov: Bool = false,
                            clipNorm: Float? = nil, clipValue: Float? = nil, globalClipNorm: Float? = nil,
                            weightDecay: Float? = nil) {
        self.init(momentum: momentum, nesterov: nesterov, learningRate: 0, schedule: learningRate,
                  clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: globalClipNorm, weightDecay: weightDecay)
    }

    private init(momentum: Float, nesterov: Bool, learningRate: Float, schedule: LearningRateSchedule?,
                 clipNorm: Float?, clipValue: Float?, globalClipNorm: Float?, weightDecay: Float?) {
        check(momentum >= 0 && momentum <= 1, "SGD: momentum must be in [0, 1]. Received: momentum=\(momentum)")
        self.momentum = momentum
        self.nesterov = nesterov
        super.init(name: "SGD", learningRate: learningRate, learningRateSchedule: schedule, clipNorm: clipNorm,
                   clipValue: clipValue, globalClipNorm: globalClipNorm, weightDecay: weightDecay)
    }

    /// One velocity slot when momentum is used.
    override public var slotInitialValues: [Float] { momentum != 0 ? [0] : [] }

    /// The SGD update.
    override public func updateStep(weights: UnsafeMutableBufferPointer<Float>, gradient: UnsafeBufferPointer<Float>,
                                    slots: [UnsafeMutableBufferPointer<Float>], learningRate lr: Float, step: Int) {
        guard momentum != 0 else {
            for i in 0..<weights.count { weights[i] -= lr * gradient[i] }
            return
        }
        let v = slots[0], m = momentum
        for i in 0..<weights.count {
            let g = gradient[i]
            v[i] = m * v[i] - lr * g
            weights[i] += nesterov ? m * v[i] - lr * g : v[i]
        }
    }
}

extension Optimizer where Self == SGD {
    /// SGD with Keras's defaults (learning rate 0.01, no momentum).
    public static var sgd: SGD { SGD() }
}
