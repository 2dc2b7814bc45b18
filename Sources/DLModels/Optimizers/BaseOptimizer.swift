#if canImport(Glibc)
import Glibc
#endif

/// The shared part of every optimizer (Keras `BaseOptimizer`): the learning rate or its schedule,
/// the step count, gradient clipping, decoupled weight decay and per-variable slot storage.
///
/// A subclass declares its hyperparameters, takes the shared settings as one `OptimizerOptions`
/// and the learning rate as one `LearningRate`, declares its slots (`slotInitialValues`, Keras's
/// `build`), implements the per-variable update (`updateStep`), which runs on raw buffers over
/// the whole variable, and adds its own keys to `getConfig`/`fromConfig`. One `apply` does,
/// as Keras 3 does: clip the gradients (`globalClipNorm`, then `clipNorm` per variable, then
/// `clipValue`), apply weight decay w −= lr·wd·w, run `updateStep` for each trainable variable,
/// and count the step.
open class BaseOptimizer: Optimizer {
    /// Keras's name: the one given in `OptimizerOptions`, else the class name in snake case as
    /// Keras 3 writes it (`"sgd"`, `"adam"`, `"adam_w"`, `"rm_sprop"`).
    public var name: String { customName ?? LayerNames.snakeCase(String(describing: type(of: self))) }
    private let customName: String?
    /// The schedule giving the learning rate at each step, if one was given.
    public private(set) var learningRateSchedule: LearningRateSchedule?
    private var constantLearningRate: Float
    /// The number of steps applied so far.
    public internal(set) var iterations = 0
    /// Clips each variable's gradient to this L2 norm (Keras `clipnorm`).
    public var clipNorm: Float?
    /// Clips each gradient element to `[-clipValue, clipValue]` (Keras `clipvalue`).
    public var clipValue: Float?
    /// Scales all gradients together so that their joint L2 norm is at most this (Keras `global_clipnorm`).
    public var globalClipNorm: Float?
    /// Decoupled weight decay: before each update, w −= learningRate · weightDecay · w.
    public var weightDecay: Float?

    var slots: [ObjectIdentifier: SlotBuffers] = [:]
    private var scratch: [Float] = []

    /// An optimizer following `learningRate` with the shared `options` (a nil `weightDecay`
    /// takes the class's `defaultWeightDecay`).
    public init(learningRate: LearningRate, options: OptimizerOptions) {
        switch learningRate {
        case .constant(let rate): (constantLearningRate, learningRateSchedule) = (rate, nil)
        case .schedule(let schedule): (constantLearningRate, learningRateSchedule) = (0, schedule)
        }
        customName = options.name
        clipNorm = options.clipNorm
        clipValue = options.clipValue
        globalClipNorm = options.globalClipNorm
        weightDecay = options.weightDecay ?? Self.defaultWeightDecay
    }

    /// The weight decay used when the options give none (none; `AdamW` overrides it with 0.004).
    open class var defaultWeightDecay: Float? { nil }

    /// The shared settings as they stand (the name only when one was given).
    public var options: OptimizerOptions {
        OptimizerOptions(name: customName, clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: globalClipNorm,
                         weightDecay: weightDecay)
    }

    /// The rate for the next step: the schedule's value at `iterations`, or the constant. Setting
    /// it replaces a schedule with a constant, as Keras does.
    public var learningRate: Float {
        get { learningRateSchedule.map { $0(iterations) } ?? constantLearningRate }
        set {
            learningRateSchedule = nil
            constantLearningRate = newValue
        }
    }

    // MARK: - To override

    /// The initial value of each slot this optimizer keeps per variable (momentum, velocity, ...).
    open var slotInitialValues: [Float] { [] }

    /// Keras's names of the slots (`"momentum"`, `"velocity"`), grouped as Keras's `build` creates
    /// them: the slots of one group are interleaved variable by variable, the groups follow each
    /// other (Adam: `[["momentum", "velocity"], ["velocity_hat"]]`). Flattened, one name per slot, in
    /// `slotInitialValues`' order. By default one group `slot_0`, `slot_1`, ...
    open var slotNames: [[String]] { [slotInitialValues.indices.map { "slot_\($0)" }] }

    /// Scalar state beyond the slots that Keras saves after them (Nadam's momentum product); empty by default.
    open var extraState: [Float] {
        get { [] }
        set {}
    }

    /// Called once per `apply`, before the variables are updated, with the 1-based step number.
    open func prepareStep(_ step: Int) {}

    /// Updates one variable in place. `weights`, `gradient` and each slot hold the variable's
    /// scalars (row-major, same count); `step` is 1-based (Keras's `iterations + 1`).
    open func updateStep(weights: UnsafeMutableBufferPointer<Float>, gradient: UnsafeBufferPointer<Float>,
                         slots: [UnsafeMutableBufferPointer<Float>], learningRate: Float, step: Int) {
        trap("\(type(of: self)) does not implement updateStep(weights:gradient:slots:learningRate:step:)")
    }

    /// Keras's `get_config()`: the shared keys (`name`, `learning_rate`, `clipnorm`, ...); each
    /// optimizer adds its own.
    open func getConfig() -> LayerConfig { .object(baseConfig) }

    /// Keras's `from_config`: the optimizer a `getConfig()` describes (no step count, no slots).
    /// - Throws: `DLError.invalidArgument` naming the class and the key for an unknown or ill-typed
    ///   key, or for a subclass that does not override it.
    open class func fromConfig(_ config: LayerConfig) throws -> Self {
        throw DLError.invalidArgument(context: "\(Self.self).fromConfig",
                                      message: "\(Self.self) does not implement fromConfig(_:). Received: \(config.json)")
    }

    // MARK: - Applying

    /// Applies one step to the trainable variables among `variables`. With more than one rank
    /// (`Distributed`), the gradients are first averaged over the ranks by one all-reduce.
    /// - Precondition: one gradient per variable, each of its variable's shape.
    public func apply(gradients: [Tensor], to variables: [Variable]) {
        check(gradients.count == variables.count,
              "\(name).apply: \(gradients.count) gradients for \(variables.count) variables")
        // Data-parallel training (more than one rank): every rank's gradients, averaged; none when a rank failed.
        var gradients = gradients
        if DataParallel.isActive {
            guard let averaged = DataParallel.averagedGradients(gradients, for: variables) else { return }
            gradients = averaged
        }
        let rate = learningRate
        let step = iterations + 1
        prepareStep(step)
        var globalScale: Float = 1
        if let limit = globalClipNorm {
            let norm = gradients.reduce(Float(0)) { $0 + squaredNorm($1) }.squareRoot()
            if norm > limit { globalScale = limit / norm }
        }
        for (gradient, variable) in zip(gradients, variables) where variable.trainable {
            check(gradient.shape == variable.shape,
                  "\(name).apply: gradient of shape \(gradient.shape) for variable '\(variable.name)' of shape \(variable.shape)")
            var scale = globalScale
            if let limit = clipNorm {
                let norm = squaredNorm(gradient).squareRoot() * globalScale
                if norm > limit { scale *= limit / norm }
            }
            let state = slotBuffers(for: variable)
            let count = variable.storedValue.scalarCount
            let decay = (weightDecay ?? 0) * rate
            let clipsValues = scale != 1 || clipValue != nil
            if clipsValues && scratch.count < count { scratch = [Float](repeating: 0, count: count) }
            // The weights are updated in their own storage: no new array per variable per step.
            variable.updateScalarsInPlace { w in
                guard count > 0, let wp = w.baseAddress else { return }
                if decay != 0 { for i in 0..<count { wp[i] -= wp[i] * decay } }
                if !clipsValues {
                    gradient.withUnsafeBufferPointer { g in
                        updateStep(weights: w, gradient: g, slots: state.buffers, learningRate: rate, step: step)
                    }
                    return
                }
                let limit = clipValue ?? .infinity
                gradient.withUnsafeBufferPointer { g in
                    scratch.withUnsafeMutableBufferPointer { s in
                        for i in 0..<count { s[i] = Swift.min(Swift.max(g[i] * scale, -limit), limit) }
                    }
                }
                scratch.withUnsafeBufferPointer { s in
                    updateStep(weights: w, gradient: UnsafeBufferPointer(rebasing: s[0..<count]),
                               slots: state.buffers, learningRate: rate, step: step)
                }
            }
        }
        iterations += 1
    }

    /// The current values of the slots kept for `variable` (empty before its first update).
    public func slotValues(for variable: Variable) -> [Tensor] {
        guard let state = slots[ObjectIdentifier(variable)] else { return [] }
        return state.buffers.map { buffer in Tensor(shape: variable.shape, scalars: Array(buffer)) }
    }

    /// The slots of `variable`, created with `slotInitialValues` on first use (or when its size changed).
    private func slotBuffers(for variable: Variable) -> SlotBuffers {
        let id = ObjectIdentifier(variable)
        if let existing = slots[id], existing.count == variable.storedValue.scalarCount { return existing }
        let created = SlotBuffers(variable: variable, count: variable.storedValue.scalarCount, initialValues: slotInitialValues)
        slots[id] = created
        return created
    }
}

/// Σ x² over a tensor's scalars.
private func squaredNorm(_ tensor: Tensor) -> Float {
    tensor.withUnsafeBufferPointer { x in x.reduce(Float(0)) { $0 + $1 * $1 } }
}

/// The slot memory of one variable: one buffer of the variable's size per slot. It keeps the
/// variable alive so that the `ObjectIdentifier` key stays unique.
final class SlotBuffers {
    let variable: Variable
    let count: Int
    let buffers: [UnsafeMutableBufferPointer<Float>]

    init(variable: Variable, count: Int, initialValues: [Float]) {
        self.variable = variable
        self.count = count
        buffers = initialValues.map { value in
            let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
            buffer.initialize(repeating: value)
            return buffer
        }
    }

    deinit {
        for buffer in buffers { buffer.deallocate() }
    }
}
