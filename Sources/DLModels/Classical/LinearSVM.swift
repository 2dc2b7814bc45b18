import DLCore

/// A linear support vector machine, scikit-learn's `LinearSVC()` with its defaults: squared hinge
/// loss, L2 penalty, `C = 1`, one-vs-rest for more than two classes, and liblinear's intercept
/// (a constant feature of value 1, `intercept_scaling = 1`, whose weight is penalized like the others).
///
/// For each class k (one classifier for two classes, scoring the second) it minimizes
/// `½‖w‖² + C · Σᵢ max(0, 1 − yᵢ · ⟨w, [xᵢ, 1]⟩)²` with yᵢ = +1 for samples of class k, −1 for the
/// others. The objective is strictly convex, so the minimum is unique: scikit-learn's liblinear and
/// the truncated Newton solver used here (`NewtonCG`, liblinear's primal method) reach the same
/// weights, up to the solvers' tolerances.
///
/// Prediction: with two classes, the second class where the score is positive, the first elsewhere;
/// with more, the class of the highest score (the smallest class id on a tie), as scikit-learn.
///
/// Shapes: `fit(x:y:)` takes `x` `[samples, features]` and `y` `[samples]` class ids (whole numbers
/// as `Float`, any values, at least two distinct); `predict(_:)` gives `[samples]` class ids;
/// `coefficients` is `[1, features]` for two classes, `[classes, features]` otherwise.
public final class LinearSVM: LinearClassifier, ClassicalClassifier {
    /// Trains on `x` `[samples, features]` with class ids `y` `[samples]`, from zero weights.
    /// - Throws: `DLError.invalidArgument` naming `LinearSVM.fit` and the shapes when `x` is not a
    ///   non-empty finite matrix, `y` does not hold one whole-number id per row, fewer than two
    ///   classes occur, or a setting is out of range.
    public func tryFit(x: Tensor, y: Tensor) throws {
        try fitLinearModel(x: x, y: y, context: "LinearSVM.fit", outputs: { $0 == 2 ? 1 : $0 }) { samples, labels in
            objective(samples: samples, labels: labels)
        }
    }

    /// The squared hinge objective of the one-vs-rest problems, ±1 targets per score column.
    private func objective(samples: AugmentedSamples, labels: [Int]) -> Objective {
        let outputs = samples.outputs
        // Targets ±1, [samples, outputs]: column k is +1 for class k (for two classes, the second).
        var targets = [Float](repeating: -1, count: labels.count * outputs)
        for (i, label) in labels.enumerated() where outputs > 1 || label == 1 {
            targets[i * outputs + (outputs == 1 ? 0 : label)] = 1
        }
        let cost = Double(c)

        func value(_ w: [Double]) -> Double {
            let scores = samples.scores(w).scalars
            var loss = 0.0
            for i in scores.indices {
                let margin = 1 - Double(targets[i]) * Double(scores[i])
                if margin > 0 { loss += margin * margin }
            }
            return cost * loss + 0.5 * squaredNorm(w)
        }
        func evaluate(_ w: [Double]) -> NewtonCG.Evaluation {
            let scores = samples.scores(w)
            // Active terms (margin > 0): residual s − y and the 0/1 mask of the generalized Hessian.
            var residual = [Float](repeating: 0, count: scores.scalarCount)
            var mask = [Float](repeating: 0, count: scores.scalarCount)
            var loss = 0.0
            scores.withUnsafeBufferPointer { s in
                for i in 0..<s.count where 1 - targets[i] * s[i] > 0 {
                    residual[i] = s[i] - targets[i]
                    mask[i] = 1
                    let margin = 1 - Double(targets[i]) * Double(s[i])
                    loss += margin * margin
                }
            }
            let shape = scores.shape
            let pull = samples.transposedTimes(Tensor(shape: shape, scalars: residual))
            var gradient = w
            for j in gradient.indices { gradient[j] += 2 * cost * pull[j] }
            let maskTensor = Tensor(shape: shape, scalars: mask)
            return NewtonCG.Evaluation(
                value: cost * loss + 0.5 * squaredNorm(w), gradient: gradient,
                hessianTimes: { v in
                    let curvature = samples.transposedTimes(samples.scores(v) * maskTensor)
                    var out = v
                    for j in out.indices { out[j] += 2 * cost * curvature[j] }
                    return out
                })
        }

        return (evaluate, value)
    }

    /// The scores ⟨w, x⟩ + b of each row: `[samples, features]` → `[samples, 1]` for two classes
    /// (positive for the second), `[samples, classes]` otherwise (scikit-learn's `decision_function`).
    /// - Throws: `DLError.invalidArgument` before `fit` or when `x` is not `[samples, features]`.
    public func decisionFunction(_ x: Tensor) throws -> Tensor {
        try checkedScores(x, context: "LinearSVM.decisionFunction")
    }

    /// The class id of each row of `x` `[samples, features]`: `[samples]`.
    /// - Throws: `DLError.invalidArgument` naming `LinearSVM.predict` before `fit` or when `x` is not
    ///   `[samples, features]` with the fitted feature count.
    public func tryPredict(_ x: Tensor) throws -> Tensor {
        let scores = try checkedScores(x, context: "LinearSVM.predict")
        if classes.count == 2 {
            return Tensor(scores.scalars.map { $0 > 0 ? classes[1] : classes[0] })
        }
        return Tensor(rowArgmax(scores).map { classes[$0] })
    }
}
