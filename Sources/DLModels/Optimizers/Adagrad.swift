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
                            clipNorm: Float? = nil, clipValue: Float? = nil, globalClipNorm: Float? = nil, weightDecay: Float? = nil) {
        self.init(learningRate: .constant(learningRate), initialAccumulatorValue: initialAccumulatorValue, epsilon: epsilon, options: OptimizerOptions(
            clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: globalClipNorm, weightDecay: weightDecay))
    }

    /// Adagrad whose learning rate follows `learningRate`.
    public convenience init(learningRate: LearningRateSchedule, initialAccumulatorValue: Float = 0.1, epsilon: Float = 1e-7,
                            clipNorm: Float? = nil, clipValue: Float? = nil, globalClipNorm: Float? = nil, weightDecay: Float? = nil) {
        self.init(learningRate: .schedule(learningRate), initialAccumulatorValue: initialAccumulatorValue, epsilon: epsilon, options: OptimizerOptions(
            clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: globalClipNorm, weightDecay: weightDecay))
    }

    /// Adagrad with the shared `options`.
    public init(learningRate: LearningRate, initialAccumulatorValue: Float = 0.1, epsilon: Float = 1e-7, options: OptimizerOptions) {
        self.initialAccumulatorValue = initialAccumulatorValue
        self.epsilon = epsilon
        super.init(learningRate: learningRate, options: options)
    }

    /// One accumulator slot, starting at `initialAccumulatorValue`.
    override public var slotInitialValues: [Float] { [initialAccumulatorValue] }

    /// Keras's slot name.
    override public var slotNames: [[String]] { [["accumulator"]] }


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

    // MARK: - Configuration

    /// Keras's `get_config()`: the shared keys and `initial_accumulator_value`, `epsilon`.
    override public func getConfig() -> LayerConfig {
        super.getConfig().adding(["initial_accumulator_value": .float(initialAccumulatorValue), "epsilon": .float(epsilon)])
    }

    /// Keras's `from_config` (missing keys take Keras's defaults).
    /// - Throws: `DLError.invalidArgument` naming the class and the key for an unknown, ill-typed or unsupported key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Self {
        try reading(config, defaultRate: 0.001) { reader, rate, options in
            self.init(learningRate: rate, initialAccumulatorValue: try reader.float("initial_accumulator_value", default: 0.1),
                      epsilon: try reader.float("epsilon", default: 1e-7), options: options)
        }
    }
}

extension Optimizer where Self == Adagrad {
    /// Adagrad with Keras's defaults (learning rate 0.001).
    public static var adagrad: Adagrad { Adagrad() }
}
