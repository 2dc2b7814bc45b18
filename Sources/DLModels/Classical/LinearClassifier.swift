import DLCore

/// What `LinearSVM` and `LogisticRegression` share: scikit-learn's solver settings, the fitted linear model
/// (`classes`, `coefficients`, `intercepts`) and the truncated Newton fit (`NewtonCG`) that finds it from zero
/// weights. Each subclass gives its objective; use the subclasses, not this class.
public class LinearClassifier {
    /// The inverse regularization strength (scikit-learn's `C`): larger fits the data more closely.
    public let c: Float
    /// The solver stops when the gradient's norm falls under `tolerance` times its initial norm.
    public let tolerance: Float
    /// The most Newton iterations of one `fit`.
    public let maxIterations: Int

    /// The distinct class ids seen by `fit`, increasing (scikit-learn's `classes_`); empty before.
    public internal(set) var classes: [Float] = []
    /// The weights, one row per score column `[outputs, features]` (`coef_`; the subclass says how many outputs).
    public internal(set) var coefficients = Tensor(shape: [0, 0], scalars: [])
    /// The intercepts, one per score column `[outputs]` (`intercept_`).
    public internal(set) var intercepts = Tensor(shape: [0], scalars: [])
    /// How many Newton iterations the last `fit` ran.
    public internal(set) var iterationsRun = 0

    /// Creates an untrained classifier (the settings are checked by `fit`).
    /// - Parameters:
    ///   - c: the inverse regularization strength, positive (scikit-learn's default 1).
    ///   - tolerance: the relative gradient norm at which the solver stops, positive.
    ///   - maxIterations: the most Newton iterations, at least 1.
    public init(c: Float = 1, tolerance: Float = 1e-4, maxIterations: Int = 100) {
        self.c = c
        self.tolerance = tolerance
        self.maxIterations = maxIterations
    }

    /// A subclass's objective over the samples and their labels (indices into the sorted class ids).
    typealias Objective = (evaluate: ([Double]) -> NewtonCG.Evaluation, value: ([Double]) -> Double)

    /// Checks the settings and the training data, minimizes `objective` from zero weights over W
    /// `[features + 1, outputs(classCount)]` and keeps the fitted model.
    /// - Throws: `DLError.invalidArgument` naming `context` for a setting out of range, a bad `x` or `y`,
    ///   or fewer than two classes.
    func fitLinearModel(x: Tensor, y: Tensor, context: String, outputs: (_ classCount: Int) -> Int,
                        objective: (AugmentedSamples, _ labels: [Int]) -> Objective) throws {
        try ClassifierInput.checkSolverSettings(c: c, tolerance: tolerance, maxIterations: maxIterations, context: context)
        let (classes, labels) = try ClassifierInput.training(x: x, y: y, context: context)
        guard classes.count >= 2 else {
            throw DLError.invalidArgument(context: context, message: "needs samples of at least 2 classes. "
                + "Received: only class \(classes[0]) in y of shape \(y.shape)")
        }
        let samples = AugmentedSamples(x, outputs: outputs(classes.count))
        let (evaluate, value) = objective(samples, labels)
        let solver = NewtonCG(tolerance: Double(tolerance), maxIterations: maxIterations)
        let result = solver.minimize(from: [Double](repeating: 0, count: samples.parameterCount),
                                     evaluate: evaluate, value: value)
        (coefficients, intercepts) = samples.split(result.solution)
        iterationsRun = result.iterations
        self.classes = classes
    }

    /// The scores ⟨w, x⟩ + b of each row of `x` `[samples, features]`: `[samples, outputs]`.
    /// - Throws: `DLError.invalidArgument` naming `context` before `fit` or when `x` is not
    ///   `[samples, features]` with the fitted feature count.
    func checkedScores(_ x: Tensor, context: String) throws -> Tensor {
        try ClassifierInput.queries(x, features: classes.isEmpty ? nil : coefficients.shape[1], context: context)
        return linearScores(x, coefficients: coefficients, intercepts: intercepts)
    }
}

/// ‖w‖².
func squaredNorm(_ w: [Double]) -> Double {
    var sum = 0.0
    for value in w { sum += value * value }
    return sum
}
