// The built-in metrics' label checks (`Metric.validate(yTrueShape:yPredShape:)`): each accepts
// exactly the shapes its counting kernel (`MetricCounting`, `ConfusionCounts`, `errorSum`)
// handles, so a metric that does not fit the labels is a `DLError` from `fit`, not a trap.

/// How a metric compares labels with predictions, for its shape check.
enum MetricComparison {
    /// Element by element: as many labels as predictions (`[N]` and `[N, 1]` compare).
    case elementwise
    /// Row by row on one-hot labels: the predictions' shape.
    case categorical
    /// One class id per row of predictions `[..., classes]`.
    case sparse

    /// Throws unless labels of `yTrueShape` fit predictions of `yPredShape` for `metric`.
    func check(metric: String, yTrueShape: [Int], yPredShape: [Int]) throws {
        let labels = yTrueShape.reduce(1, *), predictions = yPredShape.reduce(1, *)
        let classes = Swift.max(yPredShape.last ?? 1, 1)
        let fits: Bool
        let hint: String
        switch self {
        case .elementwise:
            fits = labels == predictions
            hint = classes > 1 && labels * classes == predictions
                ? "; '\(metric)' compares labels with predictions element by element (binary labels), and these look like class ids: "
                    + "use .accuracy or .sparseCategoricalAccuracy, or one-hot encode them with toCategorical(y, numClasses: \(classes))"
                : ""
        case .categorical:
            fits = labels == predictions
            hint = classes > 1 && labels * classes == predictions
                ? "; these look like class ids: use .sparseCategoricalAccuracy, or one-hot encode them" : ""
        case .sparse:
            fits = labels * classes == predictions
            hint = labels == predictions && classes > 1 ? "; these look one-hot: use .categoricalAccuracy, or pass class ids" : ""
        }
        guard fits else {
            throw DLError.invalidArgument(
                context: "metric '\(metric)'",
                message: "labels of shape \(yTrueShape) do not fit predictions of shape \(yPredShape)\(hint). "
                    + "Received: yTrue shape \(yTrueShape), yPred shape \(yPredShape)")
        }
    }
}

extension Accuracy {
    /// The check of the kind in use, or of the kind the shapes would choose (`.automatic`).
    public func validate(yTrueShape: [Int], yPredShape: [Int]) throws {
        let comparison: MetricComparison
        switch kind == .automatic ? Accuracy.kind(yTrueShape: yTrueShape, yPredShape: yPredShape) : kind {
        case .automatic, .equality, .binary: comparison = .elementwise
        case .categorical: comparison = .categorical
        case .sparseCategorical: comparison = .sparse
        }
        try comparison.check(metric: name, yTrueShape: yTrueShape, yPredShape: yPredShape)
    }
}

extension BinaryAccuracy {
    /// As many labels as predictions.
    public func validate(yTrueShape: [Int], yPredShape: [Int]) throws {
        try MetricComparison.elementwise.check(metric: name, yTrueShape: yTrueShape, yPredShape: yPredShape)
    }
}

extension CategoricalAccuracy {
    /// One-hot labels of the predictions' size.
    public func validate(yTrueShape: [Int], yPredShape: [Int]) throws {
        try MetricComparison.categorical.check(metric: name, yTrueShape: yTrueShape, yPredShape: yPredShape)
    }
}

extension SparseCategoricalAccuracy {
    /// One class id per row of predictions.
    public func validate(yTrueShape: [Int], yPredShape: [Int]) throws {
        try MetricComparison.sparse.check(metric: name, yTrueShape: yTrueShape, yPredShape: yPredShape)
    }
}

extension Precision {
    /// As many (binary) labels as predictions.
    public func validate(yTrueShape: [Int], yPredShape: [Int]) throws {
        try MetricComparison.elementwise.check(metric: name, yTrueShape: yTrueShape, yPredShape: yPredShape)
    }
}

extension Recall {
    /// As many (binary) labels as predictions.
    public func validate(yTrueShape: [Int], yPredShape: [Int]) throws {
        try MetricComparison.elementwise.check(metric: name, yTrueShape: yTrueShape, yPredShape: yPredShape)
    }
}

extension F1Score {
    /// As many (binary) labels as predictions.
    public func validate(yTrueShape: [Int], yPredShape: [Int]) throws {
        try MetricComparison.elementwise.check(metric: name, yTrueShape: yTrueShape, yPredShape: yPredShape)
    }
}

extension MeanSquaredErrorMetric {
    /// As many labels as predictions.
    public func validate(yTrueShape: [Int], yPredShape: [Int]) throws {
        try MetricComparison.elementwise.check(metric: name, yTrueShape: yTrueShape, yPredShape: yPredShape)
    }
}

extension MeanAbsoluteErrorMetric {
    /// As many labels as predictions.
    public func validate(yTrueShape: [Int], yPredShape: [Int]) throws {
        try MetricComparison.elementwise.check(metric: name, yTrueShape: yTrueShape, yPredShape: yPredShape)
    }
}
