#if canImport(Glibc)
import Glibc
#endif

// Naive references of the loss kernels, on arrays and in Double, for tests: each loss written
// as its textbook formula (softmax, then −log of the label's probability), each gradient as the
// derivative of that formula.

extension LossKernels {
    /// Naive reference of `sparseSoftmaxCrossEntropyForward`: −log(softmax(x[r])[label]) per row,
    /// NaN for a label outside `0..<classes`. Shapes: logits `[rows, classes]`, labels `[rows]` → `[rows]`.
    package static func referenceSparseSoftmaxCrossEntropy(logits: [Float], labels: [Float], rows: Int, classes: Int) -> [Float] {
        (0..<rows).map { r in
            guard let label = classIndex(labels[r], classes: classes) else { return .nan }
            let probabilities = referenceSoftmax(Array(logits[(r * classes)..<((r + 1) * classes)]))
            return Float(-log(probabilities[label]))
        }
    }

    /// Naive reference of `sparseSoftmaxCrossEntropyBackward`: g[r] · (softmax − one-hot), 0 on
    /// rows with a bad label. Shapes: g, labels `[rows]`, logits `[rows, classes]` → `[rows, classes]`.
    package static func referenceSparseSoftmaxCrossEntropyGradient(_ g: [Float], logits: [Float], labels: [Float],
                                                                  rows: Int, classes: Int) -> [Float] {
        (0..<rows).flatMap { r -> [Float] in
            guard let label = classIndex(labels[r], classes: classes) else { return [Float](repeating: 0, count: classes) }
            let probabilities = referenceSoftmax(Array(logits[(r * classes)..<((r + 1) * classes)]))
            return (0..<classes).map { j in Float(Double(g[r]) * (probabilities[j] - (j == label ? 1 : 0))) }
        }
    }

    /// Naive reference of `sparseCrossEntropyForward`: −log of the label's share of its row,
    /// clipped to `[ε, 1 − ε]`. Shapes: probabilities `[rows, classes]`, labels `[rows]` → `[rows]`.
    package static func referenceSparseCrossEntropy(probabilities: [Float], labels: [Float], rows: Int, classes: Int,
                                                   epsilon: Float) -> [Float] {
        (0..<rows).map { r in
            guard let label = classIndex(labels[r], classes: classes) else { return .nan }
            let row = probabilities[(r * classes)..<((r + 1) * classes)].map(Double.init)
            let share = row[label] / row.reduce(0, +)
            return Float(-log(Swift.min(Swift.max(share, Double(epsilon)), 1 - Double(epsilon))))
        }
    }

    /// Naive reference of `sparseCrossEntropyBackward`: the derivative of −log(p[label] / Σ p), 0
    /// where the share is clipped. Shapes: g, labels `[rows]`, probabilities `[rows, classes]` → `[rows, classes]`.
    package static func referenceSparseCrossEntropyGradient(_ g: [Float], probabilities: [Float], labels: [Float],
                                                           rows: Int, classes: Int, epsilon: Float) -> [Float] {
        (0..<rows).flatMap { r -> [Float] in
            guard let label = classIndex(labels[r], classes: classes) else { return [Float](repeating: 0, count: classes) }
            let row = probabilities[(r * classes)..<((r + 1) * classes)].map(Double.init)
            let total = row.reduce(0, +), share = row[label] / total
            guard share >= Double(epsilon), share <= 1 - Double(epsilon) else { return [Float](repeating: 0, count: classes) }
            return (0..<classes).map { j in Float(Double(g[r]) * (1 / total - (j == label ? 1 / row[label] : 0))) }
        }
    }

    /// Naive reference of `rowMeanSquaredErrorForward`. Shapes: t, p `[rows, columns]` → `[rows]`.
    package static func referenceRowMeanSquaredError(_ t: [Float], _ p: [Float], rows: Int, columns: Int) -> [Float] {
        (0..<rows).map { r in
            let squares = (0..<columns).map { j in Double(p[r * columns + j] - t[r * columns + j]) * Double(p[r * columns + j] - t[r * columns + j]) }
            return Float(squares.reduce(0, +) / Double(columns))
        }
    }

    /// Naive reference of `rowMeanSquaredErrorBackward` (dp; dt is −dp).
    /// Shapes: g `[rows]`, t, p `[rows, columns]` → `[rows, columns]`.
    package static func referenceRowMeanSquaredErrorGradient(_ g: [Float], _ t: [Float], _ p: [Float],
                                                            rows: Int, columns: Int) -> [Float] {
        (0..<(rows * columns)).map { i in
            Float(2 * Double(g[i / columns]) * Double(p[i] - t[i]) / Double(columns))
        }
    }

    /// Softmax of one row in Double (max-shifted).
    private static func referenceSoftmax(_ row: [Float]) -> [Double] {
        let maxValue = Double(row.max() ?? 0)
        let exps = row.map { exp(Double($0) - maxValue) }
        let total = exps.reduce(0, +)
        return exps.map { $0 / total }
    }
}

