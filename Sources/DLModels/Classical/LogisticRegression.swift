import DLCore
#if canImport(Glibc)
import Glibc
#endif

/// Multinomial logistic regression (softmax regression), scikit-learn's `LogisticRegression()` with
/// its defaults: L2 penalty, `C = 1`, an intercept that is not penalized, the multinomial loss for
/// more than two classes.
///
/// With K ≥ 3 classes it minimizes `½‖W‖² + C · Σᵢ −log softmax(W·xᵢ + b)[yᵢ]` over W `[K, features]`
/// and b `[K]`. With two classes scikit-learn fits one logistic model,
/// `½‖w‖² + C · Σᵢ log(1 + exp(−ỹᵢ(⟨w, xᵢ⟩ + b)))`; this is the two-class softmax with `C / 2`
/// (at its optimum W's rows are ±w/2), which is how it is solved here, so the probabilities equal
/// scikit-learn's and `coefficients` row 1 minus row 0 is its `coef_`. The solver is truncated Newton
/// (`NewtonCG`, scikit-learn's `newton-cg`; its default `lbfgs` reaches the same unique optimum).
///
/// Shapes: `fit(x:y:)` takes `x` `[samples, features]` and `y` `[samples]` class ids (whole numbers
/// as `Float`, any values, at least two distinct); `predict(_:)` gives `[samples]` class ids and
/// `predictProbabilities(_:)` `[samples, classes]`; `coefficients` is `[classes, features]`, one row per
/// class (also for two classes).
public final class LogisticRegression: LinearClassifier, ClassicalClassifier {
    /// Trains on `x` `[samples, features]` with class ids `y` `[samples]`, from zero weights.
    /// - Throws: `DLError.invalidArgument` naming `LogisticRegression.fit` and the shapes when `x` is
    ///   not a non-empty finite matrix, `y` does not hold one whole-number id per row, fewer than two
    ///   classes occur, or a setting is out of range.
    public func tryFit(x: Tensor, y: Tensor) throws {
        try fitLinearModel(x: x, y: y, context: "LogisticRegression.fit", outputs: { $0 }) { samples, labels in
            objective(samples: samples, labels: labels)
        }
    }

    /// The penalized multinomial log-loss (the intercepts not penalized).
    private func objective(samples: AugmentedSamples, labels: [Int]) -> Objective {
        let outputs = samples.outputs
        let cost = Double(c) / (outputs == 2 ? 2 : 1)
        let interceptStart = samples.parameterCount - outputs   // the last row of W is not penalized

        func penalty(_ w: [Double]) -> Double { 0.5 * squaredNorm(Array(w[..<interceptStart])) }
        // The probabilities P [samples, outputs] and Σᵢ −log P[i, yᵢ] (log-sum-exp in Double).
        func probabilities(_ w: [Double]) -> (p: Tensor, loss: Double) {
            let scores = samples.scores(w)
            var loss = 0.0
            let p = Tensor(shape: scores.shape) { out in
                scores.withUnsafeBufferPointer { s in
                    for (i, label) in labels.enumerated() {
                        let row = i * outputs
                        var top = Double(s[row])
                        for k in 1..<outputs { top = Swift.max(top, Double(s[row + k])) }
                        var total = 0.0
                        for k in 0..<outputs { total += exp(Double(s[row + k]) - top) }
                        let logTotal = top + log(total)
                        for k in 0..<outputs { out[row + k] = Float(exp(Double(s[row + k]) - logTotal)) }
                        loss += logTotal - Double(s[row + label])
                    }
                }
            }
            return (p, loss)
        }
        func evaluate(_ w: [Double]) -> NewtonCG.Evaluation {
            let (p, loss) = probabilities(w)
            var residual = p.scalars   // P − Y
            for (i, label) in labels.enumerated() { residual[i * outputs + label] -= 1 }
            let pull = samples.transposedTimes(Tensor(shape: p.shape, scalars: residual))
            var gradient = w
            for j in gradient.indices { gradient[j] = (j < interceptStart ? w[j] : 0) + cost * pull[j] }
            return NewtonCG.Evaluation(value: penalty(w) + cost * loss, gradient: gradient, hessianTimes: { v in
                // Per sample, (diag(p) − p·pᵀ)·z with z = X̃·V: p ⊙ z − p · ⟨p, z⟩.
                let z = samples.scores(v)
                let pz = p * z
                let curvature = samples.transposedTimes(pz - p * pz.sum(axis: 1, keepDims: true))
                var out = v
                for j in out.indices { out[j] = (j < interceptStart ? v[j] : 0) + cost * curvature[j] }
                return out
            })
        }

        return (evaluate, { penalty($0) + cost * probabilities($0).loss })
    }

    /// The class probabilities of each row (scikit-learn's `predict_proba`):
    /// `[samples, features]` → `[samples, classes]`, columns in the order of `classes`.
    /// - Throws: `DLError.invalidArgument` before `fit` or when `x` is not `[samples, features]`.
    public func predictProbabilities(_ x: Tensor) throws -> Tensor {
        softmax(try checkedScores(x, context: "LogisticRegression.predictProbabilities"), axis: -1)
    }

    /// The most probable class id of each row of `x` `[samples, features]` (the smallest on a tie): `[samples]`.
    /// - Throws: `DLError.invalidArgument` naming `LogisticRegression.predict` before `fit` or when
    ///   `x` is not `[samples, features]` with the fitted feature count.
    public func tryPredict(_ x: Tensor) throws -> Tensor {
        let scores = try checkedScores(x, context: "LogisticRegression.predict")
        return Tensor(rowArgmax(scores).map { classes[$0] })
    }
}
