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
/// as `Float`, any values, at least two distinct); `predict(_:)` gives `[samples]` class ids.
public final class LinearSVM: ClassicalClassifier {
    /// The inverse regularization strength (scikit-learn's `C`): larger fits the data more closely.
    public let c: Float
    /// The solver stops when the gradient's norm falls under `tolerance` times its initial norm.
    public let tolerance: Float
    /// The most Newton iterations of one `fit`.
    public let maxIterations: Int

    /// The distinct class ids seen by `fit`, increasing (scikit-learn's `classes_`); empty before.
    public private(set) var classes: [Float] = []
    /// The weights `[1, features]` for two classes, `[classes, features]` otherwise (`coef_`).
    public private(set) var coefficients = Tensor(shape: [0, 0], scalars: [])
    /// The intercepts `[1]` or `[classes]` (`intercept_`).
    public private(set) var intercepts = Tensor(shape: [0], scalars: [])
    /// How many Newton iterations the last `fit` ran.
    public private(set) var iterationsRun = 0

    /// Creates an untrained SVM (the settings are checked by `fit`).
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
    /// - Throws: `DLError.invalidArgument` naming `LinearSVM.fit` and the shapes when `x` is not a
    ///   non-empty finite matrix, `y` does not hold one whole-number id per row, fewer than two
    ///   classes occur, or a setting is out of range.
    public func tryFit(x: Tensor, y: Tensor) throws {
        let context = "LinearSVM.fit"
        try ClassifierInput.checkSolverSettings(c: c, tolerance: tolerance, maxIterations: maxIterations, context: context)
        let (classes, labels) = try ClassifierInput.training(x: x, y: y, context: context)
        guard classes.count >= 2 else {
            throw DLError.invalidArgument(context: context, message: "needs samples of at least 2 classes. "
                + "Received: only class \(classes[0]) in y of shape \(y.shape)")
        }
        let samples = AugmentedSamples(x, outputs: classes.count == 2 ? 1 : classes.count)
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

        let solver = NewtonCG(tolerance: Double(tolerance), maxIterations: maxIterations)
        let result = solver.minimize(from: [Double](repeating: 0, count: samples.parameterCount),
                                     evaluate: evaluate, value: value)
        (coefficients, intercepts) = samples.split(result.solution)
        iterationsRun = result.iterations
        self.classes = classes
    }

    /// The scores ⟨w, x⟩ + b of each row: `[samples, features]` → `[samples, 1]` for two classes
    /// (positive for the second), `[samples, classes]` otherwise (scikit-learn's `decision_function`).
    /// - Throws: `DLError.invalidArgument` before `fit` or when `x` is not `[samples, features]`.
    public func decisionFunction(_ x: Tensor) throws -> Tensor {
        try ClassifierInput.queries(x, features: classes.isEmpty ? nil : coefficients.shape[1],
                                    context: "LinearSVM.decisionFunction")
        return linearScores(x, coefficients: coefficients, intercepts: intercepts)
    }

    /// The class id of each row of `x` `[samples, features]`: `[samples]`.
    /// - Throws: `DLError.invalidArgument` naming `LinearSVM.predict` before `fit` or when `x` is not
    ///   `[samples, features]` with the fitted feature count.
    public func tryPredict(_ x: Tensor) throws -> Tensor {
        try ClassifierInput.queries(x, features: classes.isEmpty ? nil : coefficients.shape[1],
                                    context: "LinearSVM.predict")
        let scores = linearScores(x, coefficients: coefficients, intercepts: intercepts)
        if classes.count == 2 {
            return Tensor(scores.scalars.map { $0 > 0 ? classes[1] : classes[0] })
        }
        return Tensor(rowArgmax(scores).map { classes[$0] })
    }
}

/// ‖w‖².
func squaredNorm(_ w: [Double]) -> Double {
    var sum = 0.0
    for value in w { sum += value * value }
    return sum
}
