import DLCore

/// Counts how often each true class was predicted as each class.
///
/// `[N]`, `[N]` → `[numClasses, numClasses]`: entry `(i, j)` is the number of samples of true
/// class `i` predicted as class `j` (rows are true classes, columns predictions, as in
/// scikit-learn's `confusion_matrix`). The diagonal holds the correct predictions.
/// - Parameters:
///   - yTrue: true class ids as `Float` (whole numbers in `0..<numClasses`).
///   - yPred: predicted class ids, same shape (for probabilities, pass `argmax(axis: -1)` first).
///   - numClasses: the number of classes.
/// - Precondition: both are `[N]` (or `[N, 1]`) of the same length with whole-number ids in range.
public func confusionMatrix(yTrue: Tensor, yPred: Tensor, numClasses: Int) -> Tensor {
    check(numClasses > 0, "confusionMatrix: numClasses must be positive, received \(numClasses)")
    check(yTrue.scalarCount == yPred.scalarCount && yTrue.rank <= 2 && yPred.rank <= 2,
          "confusionMatrix: yTrue and yPred must be [N] of the same length, received shapes "
          + "\(yTrue.shape) and \(yPred.shape)")
    var counts = [Float](repeating: 0, count: numClasses * numClasses)
    for (index, (truth, prediction)) in zip(yTrue.scalars, yPred.scalars).enumerated() {
        for (name, value) in [("yTrue", truth), ("yPred", prediction)] {
            check(value >= 0 && value < Float(numClasses) && value.rounded() == value,
                  "confusionMatrix: \(name)[\(index)] is \(value), not a class id in 0..<\(numClasses)")
        }
        counts[Int(truth) * numClasses + Int(prediction)] += 1
    }
    return Tensor(shape: [numClasses, numClasses], scalars: counts)
}
