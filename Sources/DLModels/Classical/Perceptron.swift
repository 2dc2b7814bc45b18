import DLCore

/// Rosenblatt's perceptron for two classes labelled -1 and +1, trained with the rule of the
/// course material.
///
/// Training rule: the weights `w` and the bias `b` start at zero; the samples are visited in
/// order; a sample `(x, y)` is misclassified when `y · (⟨x, w⟩ + b) ≤ 0` (a point on the boundary
/// counts as misclassified, so the very first sample always triggers an update), and then
/// `w ← w + learningRate · y · x` and `b ← b + learningRate · y`. Training stops after the first
/// epoch with no update, or after `maxEpochs` epochs. On linearly separable data it converges
/// (Novikoff); on other data it runs all `maxEpochs` epochs.
///
/// Example (the course's): (−1, 2) → −1, (3, 0) → −1, (0, 4) → +1, (1, 5) → +1, (2, 2) → +1 with
/// learning rate 1 ends with weights (1, 2) and bias −4 after five epochs with updates and a sixth
/// without (`epochsRun == 6`).
public final class Perceptron {
    /// The step size of each update.
    public let learningRate: Float
    /// The most epochs `fit` runs.
    public let maxEpochs: Int

    /// The learned weights, `[features]` (empty before `fit`).
    public private(set) var weights = Tensor(shape: [0], scalars: [])
    /// The learned bias.
    public private(set) var bias: Float = 0
    /// How many epochs the last `fit` ran, the final update-free epoch included.
    public private(set) var epochsRun = 0

    /// Creates an untrained perceptron.
    /// - Parameters:
    ///   - learningRate: the step size of each update (positive).
    ///   - maxEpochs: the most passes over the data (at least 1).
    public init(learningRate: Float = 1, maxEpochs: Int = 1000) {
        check(learningRate > 0, "Perceptron: learningRate must be positive, received \(learningRate)")
        check(maxEpochs >= 1, "Perceptron: maxEpochs must be at least 1, received \(maxEpochs)")
        self.learningRate = learningRate
        self.maxEpochs = maxEpochs
    }

    /// Trains from zero weights on `x` `[samples, features]` with labels `y` `[samples]` in {−1, +1}.
    /// - Precondition: `x` is rank 2, `y` has one label per row of `x`, every label is −1 or +1.
    public func fit(x: Tensor, y: Tensor) {
        check(x.rank == 2, "Perceptron.fit: x must be [samples, features], received shape \(x.shape)")
        check(y.shape == [x.shape[0]], "Perceptron.fit: y must be [\(x.shape[0])], received shape \(y.shape)")
        let labels = y.scalars
        check(labels.allSatisfy { $0 == 1 || $0 == -1 }, "Perceptron.fit: labels must be -1 or +1")
        let features = x.shape[1]
        var w = [Float](repeating: 0, count: features)
        var b: Float = 0
        epochsRun = 0
        x.withUnsafeBufferPointer { samples in
            while epochsRun < maxEpochs {
                epochsRun += 1
                var updated = false
                for (row, label) in labels.enumerated() {
                    let sample = UnsafeBufferPointer(rebasing: samples[(row * features)..<((row + 1) * features)])
                    var score = b
                    for j in 0..<features { score += sample[j] * w[j] }
                    if label * score <= 0 {
                        let step = learningRate * label
                        for j in 0..<features { w[j] += step * sample[j] }
                        b += step
                        updated = true
                    }
                }
                if !updated { break }
            }
        }
        weights = Tensor(w)
        bias = b
    }

    /// Classifies each row of `x` `[samples, features]`: +1 where `⟨x, w⟩ + b > 0`, −1 elsewhere.
    /// - Returns: `[samples]` of −1 and +1.
    /// - Precondition: the model is fitted and `x` has as many features as it was fitted on.
    public func predict(_ x: Tensor) -> Tensor {
        check(x.rank == 2 && x.shape[1] == weights.scalarCount && weights.scalarCount > 0,
              "Perceptron.predict: expected x of shape [samples, \(weights.scalarCount)] from a fitted model, "
              + "received shape \(x.shape)")
        let w = weights.scalars, b = bias, features = w.count
        return Tensor(shape: [x.shape[0]]) { output in
            x.withUnsafeBufferPointer { samples in
                for row in 0..<output.count {
                    var score = b
                    for j in 0..<features { score += samples[row * features + j] * w[j] }
                    output[row] = score > 0 ? 1 : -1
                }
            }
        }
    }
}
