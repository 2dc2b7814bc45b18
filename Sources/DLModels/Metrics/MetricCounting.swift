// Raw-buffer counting shared by the accuracy-like metrics and the confusion-count metrics.

/// A count-weighted running mean (Keras `Mean`): Σ values / Σ counts, in Double.
struct RunningMean {
    private(set) var total: Double = 0
    private(set) var count: Double = 0

    mutating func add(_ sum: Double, count n: Double) {
        total += sum
        count += n
    }

    mutating func reset() { self = RunningMean() }

    /// The mean so far (0 before anything was added, as Keras's `divide_no_nan`).
    var value: Float { count > 0 ? Float(total / count) : 0 }
}

/// Counting kernels: each returns (matches, compared).
enum MetricCounting {
    /// Element-wise `match(label, prediction)` over labels and predictions of the same size
    /// (after Keras's rank matching, `[N]` and `[N, 1]` compare element by element).
    static func elementwise(_ yTrue: Tensor, _ yPred: Tensor, metric: String,
                            _ match: (Float, Float) -> Bool) -> (Double, Double) {
        check(yTrue.scalarCount == yPred.scalarCount,
              "metric '\(metric)': labels of shape \(yTrue.shape) do not match predictions of shape \(yPred.shape)")
        var hits = 0
        yTrue.withUnsafeBufferPointer { t in
            yPred.withUnsafeBufferPointer { p in
                for i in 0..<t.count where match(t[i], p[i]) { hits += 1 }
            }
        }
        return (Double(hits), Double(yTrue.scalarCount))
    }

    /// Rows whose label argmax equals the prediction argmax (`[..., classes]` both).
    static func categorical(_ yTrue: Tensor, _ yPred: Tensor, metric: String) -> (Double, Double) {
        check(yTrue.scalarCount == yPred.scalarCount,
              "metric '\(metric)': one-hot labels of shape \(yTrue.shape) do not match predictions of shape \(yPred.shape)")
        let classes = Swift.max(yPred.shape.last ?? 1, 1)
        let rows = yPred.scalarCount / classes
        var hits = 0
        yTrue.withUnsafeBufferPointer { t in
            yPred.withUnsafeBufferPointer { p in
                for r in 0..<rows where argmax(t, r * classes, classes) == argmax(p, r * classes, classes) { hits += 1 }
            }
        }
        return (Double(hits), Double(rows))
    }

    /// Rows whose class id label equals the prediction argmax (labels `[...]` or `[..., 1]`).
    static func sparseCategorical(_ yTrue: Tensor, _ yPred: Tensor, metric: String) -> (Double, Double) {
        let classes = Swift.max(yPred.shape.last ?? 1, 1)
        let rows = yPred.scalarCount / classes
        check(yTrue.scalarCount == rows,
              "metric '\(metric)': class-id labels of shape \(yTrue.shape) do not match predictions of shape \(yPred.shape)")
        var hits = 0
        yTrue.withUnsafeBufferPointer { t in
            yPred.withUnsafeBufferPointer { p in
                for r in 0..<rows where Float(argmax(p, r * classes, classes)) == t[r] { hits += 1 }
            }
        }
        return (Double(hits), Double(rows))
    }

    /// The index of the first maximum of `x[start ..< start + count]`.
    @inline(__always)
    static func argmax(_ x: UnsafeBufferPointer<Float>, _ start: Int, _ count: Int) -> Int {
        var best = 0
        var bestValue = x[start]
        for j in 1..<Swift.max(count, 1) where x[start + j] > bestValue {
            best = j
            bestValue = x[start + j]
        }
        return best
    }
}

/// Binary confusion counts at a threshold (Keras's `confusion_matrix` variables): labels are
/// positive when non-zero, predictions when above the threshold.
struct ConfusionCounts {
    var truePositives: Double = 0
    var falsePositives: Double = 0
    var falseNegatives: Double = 0

    mutating func add(_ yTrue: Tensor, _ yPred: Tensor, threshold: Float, metric: String) {
        check(yTrue.scalarCount == yPred.scalarCount,
              "metric '\(metric)': labels of shape \(yTrue.shape) do not match predictions of shape \(yPred.shape)")
        var tp = 0, fp = 0, fn = 0
        yTrue.withUnsafeBufferPointer { t in
            yPred.withUnsafeBufferPointer { p in
                for i in 0..<t.count {
                    let actual = t[i] != 0, predicted = p[i] > threshold
                    if actual && predicted { tp += 1 } else if predicted { fp += 1 } else if actual { fn += 1 }
                }
            }
        }
        truePositives += Double(tp)
        falsePositives += Double(fp)
        falseNegatives += Double(fn)
    }

    /// a / b, or 0 when b is 0 (Keras's `divide_no_nan`).
    static func ratio(_ a: Double, _ b: Double) -> Float { b > 0 ? Float(a / b) : 0 }
}
