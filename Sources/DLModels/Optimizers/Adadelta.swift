#if canImport(Glibc)
import Glibc
#endif

/// Adadelta (Keras 3 `Adadelta`).
///
/// Eg² = ρ·Eg² + (1 − ρ)·g²; Δ = −√(EΔ² + ε)·g / √(Eg² + ε); EΔ² = ρ·EΔ² + (1 − ρ)·Δ²; w += lr·Δ.
public final class Adadelta: BaseOptimizer {
    /// Decay of the running averages.
    public let rho: Float
    /// Added inside the square roots.
    public let epsilon: Float

    /// Adadelta with a constant learning rate (Keras defaults).
    public convenience init(learningRate: Float = 0.001, rho: Float = 0.95, epsilon: Float = 1e-7,
                            clipNorm: Float? = nil, clipValue: Float? = nil, globalClipNorm: Float? = nil, weightDecay: Float? = nil) {
        self.init(learningRate: .constant(learningRate), rho: rho, epsilon: epsilon, options: OptimizerOptions(
            clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: globalClipNorm, weightDecay: weightDecay))
    }

    /// Adadelta whose learning rate follows `learningRate`.
    public convenience init(learningRate: LearningRateSchedule, rho: Float = 0.95, epsilon: Float = 1e-7,
                            clipNorm: Float? = nil, clipValue: Float? = nil, globalClipNorm: Float? = nil, weightDecay: Float? = nil) {
        self.init(learningRate: .schedule(learningRate), rho: rho, epsilon: epsilon, options: OptimizerOptions(
            clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: globalClipNorm, weightDecay: weightDecay))
    }

    /// Adadelta with the shared `options`.
    public init(learningRate: LearningRate, rho: Float = 0.95, epsilon: Float = 1e-7, options: OptimizerOptions) {
        self.rho = rho
        self.epsilon = epsilon
        super.init(learningRate: learningRate, options: options)
    }

    /// Slots: the squared-gradient average, then the squared-update average.
    override public var slotInitialValues: [Float] { [0, 0] }

    /// Keras's slot names (interleaved per variable).
    override public var slotNames: [[String]] { [["accumulated_grad", "accumulated_delta_var"]] }


    /// The Adadelta update.
    override public func updateStep(weights: UnsafeMutableBufferPointer<Float>, gradient: UnsafeBufferPointer<Float>,
                                    slots: [UnsafeMutableBufferPointer<Float>], learningRate lr: Float, step: Int) {
        let accumulatedGrad = slots[0], accumulatedDelta = slots[1]
        for i in 0..<weights.count {
            let g = gradient[i]
            accumulatedGrad[i] = rho * accumulatedGrad[i] + (1 - rho) * g * g
            let delta = -sqrtf(accumulatedDelta[i] + epsilon) * g / sqrtf(accumulatedGrad[i] + epsilon)
            accumulatedDelta[i] = rho * accumulatedDelta[i] + (1 - rho) * delta * delta
            weights[i] += lr * delta
        }
    }

    // MARK: - Configuration

    /// Keras's `get_config()`: the shared keys and `rho`, `epsilon`.
    override public func getConfig() -> LayerConfig {
        super.getConfig().adding(["rho": .float(rho), "epsilon": .float(epsilon)])
    }

    /// Keras's `from_config` (missing keys take Keras's defaults).
    /// - Throws: `DLError.invalidArgument` naming the class and the key for an unknown, ill-typed or unsupported key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Self {
        try reading(config, defaultRate: 0.001) { reader, rate, options in
            self.init(learningRate: rate, rho: try reader.float("rho", default: 0.95), epsilon: try reader.float("epsilon", default: 1e-7),
                      options: options)
        }
    }
}

extension Optimizer where Self == Adadelta {
    /// Adadelta with Keras's defaults (learning rate 0.001, ρ 0.95).
    public static var adadelta: Adadelta { Adadelta() }
}
