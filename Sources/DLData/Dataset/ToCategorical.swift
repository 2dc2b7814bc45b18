import DLCore

/// One-hot encodes integer class labels, like Keras's `to_categorical`.
///
/// `[N]` or `[N, 1]` → `[N, numClasses]`: row `i` is 1 at column `y[i]` and 0 elsewhere.
/// - Parameters:
///   - y: class ids stored as `Float`, each a whole number in `0..<numClasses`.
///   - numClasses: the number of columns; `nil` means the largest label plus one.
/// - Precondition: `y` has shape `[N]` or `[N, 1]`; every label is a non-negative whole number
///   below `numClasses`.
public func toCategorical(_ y: Tensor, numClasses: Int? = nil) -> Tensor {
    check(y.rank == 1 || (y.rank == 2 && y.shape[1] == 1),
          "toCategorical: expected labels of shape [N] or [N, 1], received shape \(y.shape)")
    let count = y.shape[0]
    let labels: [Int] = y.withUnsafeBufferPointer { values in
        values.enumerated().map { index, value in
            check(value >= 0 && value.rounded() == value && value < Float(Int32.max),
                  "toCategorical: label \(index) is \(value); labels must be non-negative whole numbers")
            return Int(value)
        }
    }
    let classes = numClasses ?? ((labels.max() ?? -1) + 1)
    check(classes >= 0, "toCategorical: numClasses must not be negative, received \(classes)")
    if let index = labels.firstIndex(where: { $0 >= classes }) {
        trap("toCategorical: label \(index) is \(labels[index]), out of range for numClasses=\(classes)")
    }
    return Tensor(shape: [count, classes]) { output in
        output.initialize(repeating: 0)
        for (row, label) in labels.enumerated() { output[row * classes + label] = 1 }
    }
}
