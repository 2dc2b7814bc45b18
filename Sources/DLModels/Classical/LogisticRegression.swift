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
/// `predictProbabilities(_:)` `[samples, classes]`.
public final class LogisticRegression: ClassicalClassifier {
    /// The inverse regularization strength (scikit-learn's `C`): larger fits the data more closely.
    public let c: Float
    /// The solver stops when the gradient's norm falls under `tolerance` times its initial norm.
    public let tolerance: Float
    /// The most Newton iterations of one `fit`.
    public let maxIterations: Int

    /// The distinct class ids seen by `fit`, increasing (scikit-learn's `classes_`); empty before.
    public private(set) var classes: [Float] = []
    /// The weights `[classes, features]`, one row per class (also for two classes).
    public private(set) var coefficients = Tensor(shape: [0, 0], scalars: [])
    /// The intercepts `[classes]`.
    public private(set) var intercepts = Tensor(shape: [0], scalars: [])
    /// How many Newton iterations the last `fit` ran.
    public private(set) var iterationsRun = 0

    /// Creates an untrained model (the settings are checked by `fit`).
    /// - Parameters:
    ///   - c: the inverse regularization strength, positive (scikit-learn's default 1).
    ///   - tolerance: the relative gradient norm at which the solver stops, positive.
    ///   - maxIterations: the most Newton iterations, at least 1.
    public init(c: Float = 1, tolerance: Float = 1e-4, maxIterations: Int = 100) {
        self.c = c
        self.tolerance = tolerance
        self.maxIterations = maxIterations
    }

    /// Trains on `x` `[samples, features]` with class ids `y` `[samples]`, from zero weights.
    /// - Throws: `DLError.invalidArgument` naming `LogisticRegression.fit` and the shapes when `x` is
    ///   not a non-empty finite matrix, `y` does not hold one whole-number id per row, fewer than two
    ///   classes occur, or a setting is out of range.
    public func tryFit(x: Tensor, y: Tensor) throws {
        let context = "LogisticRegression.fit"
        try ClassifierInput.checkSolverSettings(c: c, tolerance: tolerance, maxIterations: maxIterations, context: context)
        let (classes, labels) = try ClassifierInput.training(x: x, y: y, context: context)
        guard classes.count >= 2 else {
            throw DLError.invalidArgument(context: context, message: "needs samples of at least 2 classes. "
                + "Received: only class \(classes[0]) in y of shape \(y.shape)")
        }
        let samples = AugmentedSamples(x, outputs: classes.count)
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

        let solver = NewtonCG(tolerance: Double(tolerance), maxIterations: maxIterations)
        let result = solver.minimize(from: [Double](repeating: 0, count: samples.parameterCount),
                                     evaluate: evaluate, value: { penalty($0) + cost * probabilities($0).loss })
        (coefficients, intercepts) = samples.split(result.solution)
        iterationsRun = result.iterations
        self.classes = classes
    }

    /// The class probabilities of each row (scikit-learn's `predict_proba`):
    /// `[samples, features]` → `[samples, classes]`, columns in the order of `classes`.
    /// - Throws: `DLError.invalidArgument` before `fit` or when `x` is not `[samples, features]`.
    public func predictProbabilities(_ x: Tensor) throws -> Tensor {
        try ClassifierInput.queries(x, features: classes.isEmpty ? nil : coefficients.shape[1],
                                    context: "LogisticRegression.predictProbabilities")
        return softmax(linearScores(x, coefficients: coefficients, intercepts: intercepts), axis: -1)
    }

    /// The most probable class id of each row of `x` `[samples, features]` (the smallest on a tie): `[samples]`.
    /// - Throws: `DLError.invalidArgument` naming `LogisticRegression.predict` before `fit` or when
    ///   `x` is not `[samples, features]` with the fitted feature count.
    public func tryPredict(_ x: Tensor) throws -> Tensor {
        try ClassifierInput.queries(x, features: classes.isEmpty ? nil : coefficients.shape[1],
                                    context: "LogisticRegression.predict")
        let scores = linearScores(x, coefficients: coefficients, intercepts: intercepts)
        return Tensor(rowArgmax(scores).map { classes[$0] })
    }
}
