import DLCore

/// The samples of each class in labelled data: what `SiamesePairs` and `oneShotTrials` draw from.
struct ClassMembers {
    /// The class labels present, in increasing order.
    let classes: [Int]
    /// The row indices of each class's samples (same order as `classes`), in stored order.
    let members: [[Int]]

    /// Groups the rows of `x` by the class ids in `y`.
    /// - Parameters:
    ///   - x: the samples, `[samples, ...]`.
    ///   - y: one integral class id per sample, `[samples]` or `[samples, 1]`.
    ///   - context: what the errors name (`SiamesePairs(x:y:count:seed:)`).
    /// - Throws: `DLError.invalidArgument` as `init(shape:y:names:context:)` does.
    init(x: Tensor, y: Tensor, context: String) throws {
        try self.init(shape: x.shape, y: y, context: context)
    }

    /// Groups the rows of samples of shape `shape` by the class ids in `y`.
    /// - Parameters:
    ///   - shape: the samples' shape, `[samples, ...]` (only the sample count is read).
    ///   - y: one integral class id per sample, `[samples]` or `[samples, 1]`.
    ///   - names: what the errors call the samples and the class ids (the caller's argument
    ///     names: `x` and `y`, or `images` and `labels`).
    ///   - context: what the errors name (`SiamesePairs(x:y:count:seed:)`).
    /// - Throws: `DLError.invalidArgument` when the samples have no sample dimension, `y` is not
    ///   one label a sample, the counts differ, or a label is not a whole number.
    init(shape: [Int], y: Tensor, names: (x: String, y: String) = ("x", "y"), context: String) throws {
        guard !shape.isEmpty else {
            throw DLError.invalidArgument(context: context, message: "\(names.x) needs a sample dimension. "
                + "Received: \(names.x) of shape \(shape)")
        }
        guard y.rank == 1 || (y.rank == 2 && y.shape[1] == 1) else {
            throw DLError.invalidArgument(context: context, message: "\(names.y) must hold one class id a sample, shape "
                + "[samples] or [samples, 1] (one-hot labels: take their argmax first). "
                + "Received: \(names.y) of shape \(y.shape)")
        }
        guard y.shape[0] == shape[0] else {
            throw DLError.invalidArgument(context: context, message: "\(names.x) and \(names.y) have different sample "
                + "counts. Received: \(names.x) of shape \(shape) and \(names.y) of shape \(y.shape)")
        }
        var rows: [Int: [Int]] = [:]
        for (row, label) in y.scalars.enumerated() {
            guard label.isFinite, label == label.rounded(), abs(label) < 1e9 else {
                throw DLError.invalidArgument(context: context, message: "class ids must be whole numbers. "
                    + "Received: \(names.y)[\(row)] = \(label)")
            }
            rows[Int(label), default: []].append(row)
        }
        classes = rows.keys.sorted()
        members = classes.map { rows[$0] ?? [] }
    }

    /// Uniform integer in `0..<bound` (`bound` > 0) from `generator`.
    static func draw(_ bound: Int, _ generator: inout SplitMix64) -> Int {
        Int(generator.next() % UInt64(bound))
    }

    /// Two different indices in `0..<bound` (`bound` ≥ 2), drawn uniformly.
    static func drawTwo(_ bound: Int, _ generator: inout SplitMix64) -> (Int, Int) {
        let first = draw(bound, &generator)
        let second = (first + 1 + draw(bound - 1, &generator)) % bound
        return (first, second)
    }
}

extension ClassMembers {
    /// `[class: samples, ...]` for error messages (the first 20 classes).
    var countsDescription: String {
        let shown = zip(classes, members).prefix(20).map { "\($0.0): \($0.1.count)" }
        return "[" + shown.joined(separator: ", ") + (classes.count > 20 ? ", ...]" : "]")
    }
}
