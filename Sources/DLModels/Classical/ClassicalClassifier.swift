import DLCore

/// A classifier of the "learned features + classical classifier" workflow (`LinearSVM`, `LogisticRegression`,
/// `KNearestNeighbors`, `MostFrequentClassifier`): features `[samples, features]`, class ids `[samples]`.
/// Each implements the throwing pair; the protocol gives API.md's non-throwing `fit`/`predict`.
public protocol ClassicalClassifier: AnyObject {
    /// Trains on `x` `[samples, features]` with class ids `y` `[samples]`.
    /// - Throws: `DLError.invalidArgument` naming the classifier, the call and the shapes for bad input.
    func tryFit(x: Tensor, y: Tensor) throws
    /// The class ids `[samples]` of `x`'s rows.
    /// - Throws: `DLError.invalidArgument` before `fit` or when `x` is not `[samples, features]`.
    func tryPredict(_ x: Tensor) throws -> Tensor
}

extension ClassicalClassifier {
    /// Fits the classifier (API.md's non-throwing `fit`): bad input stops the program with the message
    /// `tryFit(x:y:)` would throw, as the framework's other non-throwing calls do.
    public func fit(x: Tensor, y: Tensor) { orTrap { try tryFit(x: x, y: y) } }

    /// The class ids of `x`'s rows (API.md's non-throwing `predict`): bad input stops the program with the
    /// message `tryPredict(_:)` would throw.
    public func predict(_ x: Tensor) -> Tensor { orTrap { try tryPredict(x) } }

    private func orTrap<R>(_ body: () throws -> R) -> R {
        do { return try body() } catch { trap("\(error)") }
    }
}
