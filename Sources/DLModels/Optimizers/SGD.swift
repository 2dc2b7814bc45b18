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
                            clipNorm: Float? = nil, clipValue: Float? = nil, globalClipNorm: Float? = nil, weightDecay: Float? = nil) {
        self.init(learningRate: .constant(learningRate), momentum: momentum, nesterov: nesterov, options: OptimizerOptions(
            clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: globalClipNorm, weightDecay: weightDecay))
    }

    /// SGD whose learning rate follows `learningRate`.
    public convenience init(learningRate: LearningRateSchedule, momentum: Float = 0, nesterov: Bool = false,
                            clipNorm: Float? = nil, clipValue: Float? = nil, globalClipNorm: Float? = nil, weightDecay: Float? = nil) {
        self.init(learningRate: .schedule(learningRate), momentum: momentum, nesterov: nesterov, options: OptimizerOptions(
            clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: globalClipNorm, weightDecay: weightDecay))
    }

    /// SGD with the shared `options`.
    /// - Precondition: `momentum` in [0, 1].
    public init(learningRate: LearningRate, momentum: Float = 0, nesterov: Bool = false, options: OptimizerOptions) {
        check(momentum >= 0 && momentum <= 1, "SGD: momentum must be in [0, 1]. Received: momentum=\(momentum)")
        self.momentum = momentum
        self.nesterov = nesterov
        super.init(learningRate: learningRate, options: options)
    }

    /// One velocity slot when momentum is used.
    override public var slotInitialValues: [Float] { momentum != 0 ? [0] : [] }

    /// Keras's slot name.
    override public var slotNames: [[String]] { momentum != 0 ? [["momentum"]] : [] }

    /// The SGD update.
    override public func updateStep(weights: UnsafeMutableBufferPointer<Float>, gradient: UnsafeBufferPointer<Float>,
                                    slots: [UnsafeMutableBufferPointer<Float>], learningRate lr: Float, step: Int) {
        guard let w = weights.baseAddress, let g = gradient.baseAddress else { return }
        let velocity = momentum != 0 ? slots[0].baseAddress : nil
        let (momentum, nesterov) = (momentum, nesterov)
        // OptimizerKernels.sgd: the C kernels; large variables are split across the workers.
        Parallel.forRanges(weights.count) { start, end in
            OptimizerKernels.sgd(weights: w, gradient: g, velocity: velocity, range: start..<end, learningRate: lr,
                                 momentum: momentum, nesterov: nesterov)
        }
    }

    // MARK: - Configuration

    /// Keras's `get_config()`: the shared keys and `momentum`, `nesterov`.
    override public func getConfig() -> LayerConfig {
        super.getConfig().adding(["momentum": .float(momentum), "nesterov": .bool(nesterov)])
    }

    /// Keras's `from_config` (missing keys take Keras's defaults).
    /// - Throws: `DLError.invalidArgument` naming the class and the key for an unknown, ill-typed or unsupported key.
    override public class func fromConfig(_ config: LayerConfig) throws -> Self {
        try reading(config, defaultRate: 0.01) { reader, rate, options in
            let momentum = try reader.float("momentum", default: 0)
            guard momentum >= 0 && momentum <= 1 else {
                throw reader.valueError("momentum", "must be in [0, 1]. Received: momentum=\(momentum)")
            }
            return self.init(learningRate: rate, momentum: momentum, nesterov: try reader.bool("nesterov", default: false), options: options)
        }
    }
}

extension Optimizer where Self == SGD {
    /// SGD with Keras's defaults (learning rate 0.01, no momentum).
    public static var sgd: SGD { SGD() }
}
