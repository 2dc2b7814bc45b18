/// Batch normalization (Keras `BatchNormalization`): per channel along `axis`,
/// `γ · (x − mean) / √(variance + ε) + β`.
///
/// - Training (`training: true`, as in `fit`): the mean and (biased) variance of the batch over
///   every axis but `axis`; each such call also updates the moving statistics in place, outside
///   the gradient tape: `movingMean = movingMean · momentum + mean · (1 − momentum)`, likewise
///   `movingVariance` with the batch variance.
/// - Inference (`training: false`, as in `evaluate` and `predict`): the moving statistics.
/// - A layer whose `trainable` is false runs in inference mode even when training, and leaves its
///   moving statistics alone (Keras's special case for frozen batch normalization).
///
/// Shapes: `[batch, ...] → [batch, ...]` (unchanged); `axis` counts the batch axis, as in Keras
/// (−1, the default, is the channels of `[N, H, W, C]`: the fast path).
/// Weights (Keras order): `gamma` (with `scale`), `beta` (with `center`), both trainable, then
/// `moving_mean` and `moving_variance`, not trainable; each `[channels]`.
public final class BatchNormalization: Layer, ReLUFusable {
    /// The normalized (channels) axis, counting the batch axis (−1: the last).
    public let axis: Int
    /// The moving averages' momentum (Keras default 0.99).
    public let momentum: Float
    /// Added to the variance before its square root (Keras default 0.001).
    public let epsilon: Float
    /// Whether to add the learned offset `beta`.
    public let center: Bool
    /// Whether to multiply by the learned scale `gamma`.
    public let scale: Bool
    /// How `beta` starts (zeros).
    public let betaInitializer: Initializer
    /// How `gamma` starts (ones).
    public let gammaInitializer: Initializer
    /// How `moving_mean` starts (zeros).
    public let movingMeanInitializer: Initializer
    /// How `moving_variance` starts (ones).
    public let movingVarianceInitializer: Initializer
    /// Penalty on `beta`.
    public let betaRegularizer: Regularizer?
    /// Penalty on `gamma`.
    public let gammaRegularizer: Regularizer?

    /// The scale `[channels]`, once built with `scale`.
    public private(set) var gamma: Variable?
    /// The offset `[channels]`, once built with `center`.
    public private(set) var beta: Variable?
    /// The moving mean `[channels]` (not trainable), once built.
    public private(set) var movingMean: Variable?
    /// The moving variance `[channels]` (not trainable), once built.
    public private(set) var movingVariance: Variable?

    /// A batch normalization layer.
    /// - Parameters:
    ///   - axis: the channels axis, counting the batch axis (−1: the last; 0, the batch, is refused).
    ///   - momentum: the moving averages' momentum, in `0...1`.
    ///   - epsilon: added to the variance (non-negative).
    ///   - center: whether to learn the offset `beta`.
    ///   - scale: whether to learn the scale `gamma`.
    ///   - betaInitializer: how `beta` starts (default zeros).
    ///   - gammaInitializer: how `gamma` starts (default ones).
    ///   - movingMeanInitializer: how the moving mean starts (default zeros).
    ///   - movingVarianceInitializer: how the moving variance starts (default ones).
    ///   - betaRegularizer: a penalty on `beta`, added to the loss (default none).
    ///   - gammaRegularizer: a penalty on `gamma`, added to the loss (default none).
    ///   - inputShape: the per-sample input shape, when this layer starts a `Sequential`.
    ///   - name: the layer's name (default: `batch_normalization`, ...).
    /// Bad settings are reported, as a thrown `DLError.invalidArgument`, when the layer is built.
    public init(axis: Int = -1, momentum: Float = 0.99, epsilon: Float = 0.001, center: Bool = true, scale: Bool = true,
                betaInitializer: Initializer = .zeros, gammaInitializer: Initializer = .ones,
                movingMeanInitializer: Initializer = .zeros, movingVarianceInitializer: Initializer = .ones,
                betaRegularizer: Regularizer? = nil, gammaRegularizer: Regularizer? = nil,
                inputShape: [Int]? = nil, name: String? = nil) {
        self.axis = axis
        self.momentum = momentum
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.betaInitializer = betaInitializer
        self.gammaInitializer = gammaInitializer
        self.movingMeanInitializer = movingMeanInitializer
        self.movingVarianceInitializer = movingVarianceInitializer
        self.betaRegularizer = betaRegularizer
        self.gammaRegularizer = gammaRegularizer
        super.init(name: name, inputShape: inputShape)
    }

    /// Keras's class name.
    override public class var kerasClassName: String { "BatchNormalization" }

    /// Keras's `supports_masking`: a sequence mask passes through unchanged.
    override public var supportsMasking: Bool { true }

    /// Creates `gamma`, `beta`, `moving_mean` and `moving_variance`, each `[channels]`.
    /// - Throws: `DLError.invalidArgument` for an axis out of range or a bad momentum or epsilon.
    override public func build(inputShape: [Int]) throws {
        _ = try computeOutputShape(inputShape)
        let channels = inputShape[try perSampleAxis(inputShape)]
        if scale {
            gamma = addWeight(name: "gamma", shape: [channels], initializer: gammaInitializer, regularizer: gammaRegularizer)
        }
        if center {
            beta = addWeight(name: "beta", shape: [channels], initializer: betaInitializer, regularizer: betaRegularizer)
        }
        movingMean = addWeight(name: "moving_mean", shape: [channels], initializer: movingMeanInitializer, trainable: false)
        movingVariance = addWeight(name: "moving_variance", shape: [channels], initializer: movingVarianceInitializer,
                                   trainable: false)
    }

    /// The input shape, unchanged.
    /// - Throws: `DLError.invalidArgument` for an axis out of range (or the batch axis), a momentum
    ///   outside `0...1` or a negative epsilon; `DLError.shapeMismatch` for a non-positive dimension.
    override public func computeOutputShape(_ inputShape: [Int]) throws -> [Int] {
        try require(momentum >= 0 && momentum <= 1, "momentum must be in [0, 1]. Received: momentum=\(momentum)")
        try require(epsilon >= 0 && epsilon.isFinite, "epsilon must be a non-negative number. Received: epsilon=\(epsilon)")
        _ = try perSampleAxis(inputShape)
        try requirePositiveDimensions(inputShape)
        return inputShape
    }

    /// `axis` as an index into the per-sample shape.
    private func perSampleAxis(_ inputShape: [Int]) throws -> Int {
        let rank = inputShape.count + 1
        let resolved = axis < 0 ? axis + rank : axis
        let shape = "[None" + inputShape.map { ", \($0)" }.joined() + "]"
        try require(resolved >= 1 && resolved < rank,
                    "axis \(axis) is out of bounds for input shape \(shape) (the batch axis cannot be normalized). Received: axis=\(axis)")
        return resolved - 1
    }

    /// Normalizes with the batch's statistics (and updates the moving ones) when `training` and
    /// `trainable`, with the moving statistics otherwise.
    override public func call(_ input: Tensor, training: Bool) -> Tensor {
        normalize(input, training: training, relu: false)
    }

    /// Reads the mask in training (`BatchNormalization+Mask.swift`: the padded steps stay out of the moments).
    override public var readsMasks: Bool { true }

    /// The normalization with the padded steps left out of the batch's moments in training; the
    /// plain call without a mask, at inference, or for an input that is not `[batch, steps, ...]`
    /// of rank 3 (Keras requires a mask one rank below the input).
    override public func callOutputs(_ inputs: [Tensor], masks: [Tensor?], training: Bool) -> [Tensor] {
        guard training, trainable, inputs.count == 1, let mask = masks.first ?? nil, inputs[0].rank == 3,
              mask.shape == Array(inputs[0].shape.prefix(2)) else {
            return callOutputs(inputs, training: training)
        }
        return [maskedNormalization(inputs[0], mask: mask.detached)]
    }

    /// `relu(call(inputs[0]))`, the ReLU applied in the normalization's own pass.
    public func callFollowedByReLU(_ inputs: [Tensor], training: Bool) -> Tensor {
        check(inputs.count == 1, "\(errorContext): expected one input, received \(inputs.count)")
        return normalize(inputs[0], training: training, relu: true)
    }

    /// The normalization of `call`, followed by ReLU in the same pass with `relu`.
    private func normalize(_ input: Tensor, training: Bool, relu: Bool) -> Tensor {
        let movingMean = built(movingMean, "moving_mean"), movingVariance = built(movingVariance, "moving_variance")
        let gamma = scale ? built(gamma, "gamma").value : nil
        let beta = center ? built(beta, "beta").value : nil
        let perSample = Array(input.shape.dropFirst())
        check(input.rank >= 1 && (try? perSampleAxis(perSample)).map { perSample[$0] == movingMean.shape[0] } == true,
              "\(errorContext): expected axis \(axis) of input shape to have value \(movingMean.shape[0]), but received input with shape \(input.shape)")
        guard training && trainable else {
            return batchNormalization(input, mean: movingMean.value, variance: movingVariance.value,
                                      gamma: gamma, beta: beta, axis: axis, epsilon: epsilon, relu: relu)
        }
        let (output, mean, variance) = batchNormalization(input, gamma: gamma, beta: beta, axis: axis, epsilon: epsilon,
                                                          relu: relu)
        updateMovingAverage(movingMean, with: mean)
        updateMovingAverage(movingVariance, with: variance)
        return output
    }

    /// `moving ← moving · momentum + batch · (1 − momentum)` in place, outside the gradient tape.
    /// As Keras holds `momentum` as a Python float, `1 − momentum` is taken in Double from the
    /// decimal the user wrote (0.99 gives 0.01 exactly as Keras's float32 does).
    func updateMovingAverage(_ moving: Variable, with batch: Tensor) {
        let keep = momentum
        let decay = Float(1 - (Double(momentum.description) ?? Double(momentum)))
        batch.withUnsafeBufferPointer { batch in
            moving.updateScalarsInPlace { values in
                for c in 0..<min(values.count, batch.count) { values[c] = values[c] * keep + batch[c] * decay }
            }
        }
    }

    // MARK: - Configuration

    /// Keras's configuration: the base keys, `axis`, `momentum`, `epsilon`, `center`, `scale`,
    /// the four initializers, the two regularizers, and the settings Keras 3.15 writes that are
    /// fixed here (`null` constraints, `synchronized: false`, `renorm: false`,
    /// `renorm_clipping: null`, `renorm_momentum: 0.99`).
    override public func getConfig() -> LayerConfig {
        config(with: [
            "axis": .int(axis), "momentum": .float(momentum), "epsilon": .float(epsilon),
            "center": .bool(center), "scale": .bool(scale),
            "beta_initializer": betaInitializer.kerasConfig, "gamma_initializer": gammaInitializer.kerasConfig,
            "moving_mean_initializer": movingMeanInitializer.kerasConfig,
            "moving_variance_initializer": movingVarianceInitializer.kerasConfig,
            "beta_regularizer": .regularizer(betaRegularizer), "gamma_regularizer": .regularizer(gammaRegularizer),
            "beta_constraint": nil, "gamma_constraint": nil,
            "synchronized": false, "renorm": false, "renorm_clipping": nil, "renorm_momentum": 0.99,
        ])
    }

    /// A batch normalization layer from Keras's configuration; absent keys take Keras's defaults.
    /// Constraints must be `null`, `synchronized` and `renorm` false and `renorm_clipping` `null`
    /// (not supported here); `renorm_momentum`, which means nothing without renorm, is accepted.
    /// - Throws: `DLError.invalidArgument` naming the layer and the key for an unknown, ill-typed
    ///   or unsupported value.
    override public class func fromConfig(_ config: LayerConfig) throws -> Layer {
        try readConfig(config) { reader, base in
            let layer = BatchNormalization(
                axis: try reader.int("axis", default: -1), momentum: try reader.float("momentum", default: 0.99),
                epsilon: try reader.float("epsilon", default: 0.001),
                center: try reader.bool("center", default: true), scale: try reader.bool("scale", default: true),
                betaInitializer: try reader.initializer("beta_initializer", default: .zeros),
                gammaInitializer: try reader.initializer("gamma_initializer", default: .ones),
                movingMeanInitializer: try reader.initializer("moving_mean_initializer", default: .zeros),
                movingVarianceInitializer: try reader.initializer("moving_variance_initializer", default: .ones),
                betaRegularizer: try reader.regularizer("beta_regularizer"),
                gammaRegularizer: try reader.regularizer("gamma_regularizer"),
                inputShape: base.inputShape, name: base.name)
            try reader.ignoreIfNull(["beta_constraint", "gamma_constraint", "renorm_clipping"])
            for key in ["synchronized", "renorm"] where try reader.bool(key, default: false) {
                throw reader.valueError(key, "only false is supported. Received: \(key)=true")
            }
            _ = try reader.float("renorm_momentum", default: 0.99)
            return layer
        }
    }
}
