/// Huber loss (Keras `Huber`): for e = yPred − yTrue, ½e² where |e| ≤ δ and δ(|e| − ½δ) beyond,
/// averaged over the last axis.
///
/// Shapes: yTrue and yPred `[batch, ...]` (a `[batch]` side is matched to `[batch, 1]`) → `[batch]`.
public struct Huber: Loss {
    /// Keras's name, `"huber_loss"`.
    public let name = "huber_loss"
    /// Where the loss turns from quadratic to linear.
    public let delta: Float

    /// The Huber loss with threshold `delta`.
    public init(delta: Float = 1) {
        self.delta = delta
    }

    /// Per-sample mean of the Huber loss.
    public func perSampleLoss(yTrue: Tensor, yPred: Tensor) -> Tensor {
        let (t, p) = matchingRanks(yTrue, yPred)
        let absError = abs(p - t)
        // quadratic = min(|e|, δ), linear = |e| − quadratic: ½q² + δ·l equals both branches.
        let quadratic = clip(absError, min: 0, max: delta)
        let linear = absError - quadratic
        return perSampleMean(0.5 * square(quadratic) + delta * linear)
    }

    /// Labels must have the predictions' shape.
    public func validate(yTrueShape: [Int], yPredShape: [Int]) throws {
        try validateElementwise(loss: name, yTrueShape: yTrueShape, yPredShape: yPredShape)
    }
}

extension Loss where Self == Huber {
    /// Huber loss with δ = 1 (Keras `"huber"`).
    public static var huber: Huber { Huber() }

    /// Huber loss with threshold `delta`.
    public static func huber(delta: Float) -> Huber { Huber(delta: delta) }
}

extension Huber {
    /// Keras's `get_config()`: `name` and `reduction`, and `delta` when it is not 1 (Keras 3.15's
    /// `Huber.get_config` leaves `delta` out; its `from_config` reads it).
    public func getConfig() -> LayerConfig {
        let base: LayerConfig = ["name": .string(name), "reduction": "sum_over_batch_size"]
        return delta == 1 ? base : base.adding(["delta": .float(delta)])
    }

    /// Keras's `from_config`.
    /// - Throws: `DLError.invalidArgument` for an unknown or ill-typed key, or another reduction.
    public static func fromConfig(_ config: LayerConfig) throws -> Huber {
        try readingLoss(config, owner: "Huber", defaultName: "huber_loss") { reader in Huber(delta: try reader.float("delta", default: 1)) }
    }
}
