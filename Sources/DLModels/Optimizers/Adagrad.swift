#if canImport(Glibc)
import Glibc
#endif

/// Adagrad (Keras 3 `Adagrad`): per-element rates shrink with the sum of squared gradients.
///
/// acc += g²; w −= lr·g / √(acc + ε), with acc starting at `initialAccumulatorValue`.
public final class Adagrad: BaseOptimizer {
    /// The accumulator's starting value.
    public let initialAccumulatorValue: Float
    /// Added inside the square root.
    public let epsilon: Float

    /// Adagrad with a constant learning rate (Keras defaults).
    public convenience init(learningRate: Float = 0.001, initialAccumulatorValue: Float = 0.1, epsilon: Float = 1e-7,
                            clipNorm: Float? = nil, clipValue: Float? = nil, globalClipNorm: Float? = nil,
                            weightDecay: Float? = nil) {
        self.init(initialAccumulatorValue: initialAccumulatorValue, epsilon: epsilon, learningRate: learningRate, schedule: nil,
                  clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: globalClipNorm, weightDecay: weightDecay)
    }

    /// Adagrad whose learning rate follows `learningRate`.
    public convenience init(learningRate: LearningRateSchedule, initialAccumulatorValue: Float = 0.1, epsilon: Float = 1e-7,
                            clipNorm: Float? = nil, clipValue: Float? = nil, globalClipNorm: Float? = nil,
                            weightDecay: Float? = nil) {
        self.init(initialAccumulatorValue: initialAccumulatorValue, epsilon: epsilon, learningRate: 0, schedule: learningRate,
                  clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: globalClipNorm, weightDecay: weightDecay)
    }

    private init(initialAccumulatorValue: Float, epsilon: Float, learningRate: Float, schedule: LearningRateSchedule?,
                 clipNorm: Float?, clipValue: Float?, globalClipNorm: Float?, weightDecay: Float?) {
        self.initialAccumulatorValue = initialAccumulatorValue
        self.epsilon = epsilon
        super.init(name: "adagrad", learningRate: learningRate, learningRateSchedule: schedule, clipNorm: clipNorm,
                   clipValue: clipValue, globalClipNorm: globalClipNorm, weightDecay: weightDecay)
    }

    /// One accumulator slot, starting at `initialAccumulatorValue`.
    override public var slotInitialValues: [Float] { [initialAccumulatorValue] }


    /// The Adagrad update.
    override public func updateStep(weights: UnsafeMutableBufferPointer<Float>, gradient: UnsafeBufferPointer<Float>,
                                    slots: [UnsafeMutableBufferPointer<Float>], learningRate lr: Float, step: Int) {
        let acc = slots[0]
        for i in 0..<weights.count {
            let g = gradient[i]
            acc[i] += g * g
            weights[i] -= lr * g / sqrtf(acc[i] + epsilon)
        }
    }
}

extension Optimizer where Self == Adagrad {
    /// Adagrad with Keras's defaults (learning rate 0.001).
    public static var adagrad: Adagrad { Adagrad() }
}
