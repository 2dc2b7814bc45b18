import DLCore

/// The input checks the classical classifiers share (`LinearSVM`, `LogisticRegression`,
/// `KNearestNeighbors`, `MostFrequentClassifier`), each naming the classifier, the call and the shapes.
enum ClassifierInput {
    /// Checks training data and encodes its labels.
    ///
    /// `x` must be `[samples, features]` with at least one sample and one feature, all finite; `y`
    /// `[samples]` (or `[samples, 1]`) of whole-number class ids.
    /// - Returns: the distinct class ids in increasing order (scikit-learn's `classes_`) and, for
    ///   each sample, the index of its class in them.
    /// - Throws: `DLError.invalidArgument` naming `context` and the received shapes or value.
    static func training(x: Tensor, y: Tensor, context: String) throws -> (classes: [Float], labels: [Int]) {
        try checkFeatures(x, context: context)
        let rows = x.shape[0]
        guard y.shape == [rows] || y.shape == [rows, 1] else {
            throw DLError.invalidArgument(context: context, message: "y must hold one class id per row of x, "
                + "shape [\(rows)]. Received: x of shape \(x.shape) and y of shape \(y.shape)")
        }
        let ids = y.scalars
        if let bad = ids.firstIndex(where: { !$0.isFinite || $0.rounded() != $0 }) {
            throw DLError.invalidArgument(context: context, message: "y must hold whole-number class ids. "
                + "Received: y[\(bad)] = \(ids[bad])")
        }
        let classes = Array(Set(ids)).sorted()
        var position = [Float: Int]()
        for (index, id) in classes.enumerated() { position[id] = index }
        return (classes, ids.map { position[$0] ?? 0 })
    }

    /// Checks that `x` is `[samples, features]` with the `features` the classifier was fitted on.
    /// - Parameter features: the fitted feature count, `nil` when `fit` has not run.
    /// - Throws: `DLError.invalidArgument` naming `context`, the expected and the received shape.
    static func queries(_ x: Tensor, features: Int?, context: String) throws {
        guard let features else {
            throw DLError.invalidArgument(context: context, message: "the classifier is not fitted; call "
                + "fit(x:y:) first. Received: x of shape \(x.shape)")
        }
        guard x.rank == 2, x.shape[1] == features else {
            throw DLError.invalidArgument(context: context, message: "x must be [samples, \(features)], the "
                + "feature count fit(x:y:) saw. Received: x of shape \(x.shape)")
        }
        try checkFinite(x, context: context)
    }

    /// Checks that `x` is a non-empty `[samples, features]` matrix of finite values.
    private static func checkFeatures(_ x: Tensor, context: String) throws {
        guard x.rank == 2, x.shape[0] > 0, x.shape[1] > 0 else {
            throw DLError.invalidArgument(context: context, message: "x must be [samples, features] with at "
                + "least one sample and one feature. Received: x of shape \(x.shape)")
        }
        try checkFinite(x, context: context)
    }

    private static func checkFinite(_ x: Tensor, context: String) throws {
        let bad: Int? = x.withUnsafeBufferPointer { values in
            for index in values.indices where !values[index].isFinite { return index }
            return nil
        }
        if let bad {
            let features = Swift.max(x.shape.last ?? 1, 1)
            throw DLError.invalidArgument(context: context, message: "x must be finite. Received: "
                + "x[\(bad / features), \(bad % features)] = \(x.scalars[bad])")
        }
    }

    /// Checks the solver settings of `LinearSVM` and `LogisticRegression` (scikit-learn's `C`, `tol`, `max_iter`).
    static func checkSolverSettings(c: Float, tolerance: Float, maxIterations: Int, context: String) throws {
        guard c > 0, c.isFinite, tolerance > 0, maxIterations >= 1 else {
            throw DLError.invalidArgument(context: context, message: "c and tolerance must be positive and "
                + "maxIterations at least 1. Received: c=\(c), tolerance=\(tolerance), maxIterations=\(maxIterations)")
        }
    }
}
