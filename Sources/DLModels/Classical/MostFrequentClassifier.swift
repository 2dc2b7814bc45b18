import DLCore

/// The baseline that always predicts the most frequent training class, scikit-learn's
/// `DummyClassifier(strategy="most_frequent")` (its default): among equally frequent classes, the
/// smallest class id. Any classifier worth keeping beats it.
///
/// Shapes: `fit(x:y:)` takes `x` `[samples, features]` and `y` `[samples]` class ids; `predict(_:)`
/// gives `[queries]` copies of the most frequent id. Unlike scikit-learn, `predict` checks that the
/// queries have the fitted feature count, as the other classifiers here do.
public final class MostFrequentClassifier: ClassicalClassifier {
    /// The distinct class ids seen by `fit`, increasing; empty before.
    public private(set) var classes: [Float] = []
    /// How many training samples each class of `classes` had.
    public private(set) var classCounts: [Int] = []
    /// The class `predict` returns (`nil` before `fit`).
    public private(set) var mostFrequentClass: Float?
    private var features: Int?

    /// Creates an unfitted baseline.
    public init() {}

    /// Counts the classes of `y` `[samples]`; `x` `[samples, features]` only fixes the feature count.
    /// - Throws: `DLError.invalidArgument` naming `MostFrequentClassifier.fit` when `x` is not a
    ///   non-empty finite matrix or `y` does not hold one whole-number id per row.
    public func tryFit(x: Tensor, y: Tensor) throws {
        let (classes, labels) = try ClassifierInput.training(x: x, y: y, context: "MostFrequentClassifier.fit")
        var counts = [Int](repeating: 0, count: classes.count)
        for label in labels { counts[label] += 1 }
        var winner = 0
        for slot in counts.indices where counts[slot] > counts[winner] { winner = slot }
        self.classes = classes
        classCounts = counts
        mostFrequentClass = classes[winner]
        features = x.shape[1]
    }

    /// The most frequent training class for each row of `x` `[queries, features]`: `[queries]`.
    /// - Throws: `DLError.invalidArgument` naming `MostFrequentClassifier.predict` before `fit` or
    ///   when `x` is not `[queries, features]` with the fitted feature count.
    public func tryPredict(_ x: Tensor) throws -> Tensor {
        try ClassifierInput.queries(x, features: features, context: "MostFrequentClassifier.predict")
        return Tensor(repeating: mostFrequentClass ?? 0, shape: [x.shape[0]])
    }
}
