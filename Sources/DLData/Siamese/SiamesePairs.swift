import DLCore

/// Same/different pairs of labelled samples for training and testing a verification (Siamese)
/// network: pair `i` joins row `left[i]` of `x` with row `right[i]`, labelled 1 when both show the
/// same class and 0 otherwise.
///
/// Pairs alternate, same then different, so every prefix is balanced (`count / 2` different
/// pairs, the rest same). A same pair draws a class uniformly, then two different samples of it; a
/// different pair draws two distinct classes uniformly, then one sample of each. The draws come
/// from `seed` when given (the same seed gives the same pairs), else from `Random`'s generator.
///
/// ```swift
/// let pairs = try SiamesePairs(x: train.x, y: train.y, count: 30_000, seed: 1)
/// try model.fit(pairs.dataset.batched(128).shuffled(), epochs: 2)
/// ```
///
/// Images kept as bytes (`FashionMNIST.loadBytes()`) stay bytes with
/// `init(images:labels:scale:sampleShape:count:seed:)`: each batch's images are converted to
/// `Float` when it is gathered, and the same seed gives the same pairs as `init(x:y:count:seed:)`.
public struct SiamesePairs {
    /// The row of `x` each pair's first image comes from, `count` of them.
    public let left: [Int]
    /// The row of `x` each pair's second image comes from.
    public let right: [Int]
    /// 1 for a same-class pair, 0 otherwise: `[count, 1]`, as a `Dense(1, sigmoid)` head outputs.
    public let labels: Tensor
    /// The images the pairs index: `Float`, or bytes converted when a batch is gathered.
    let source: PairImages

    /// The images the pairs index as `Float`, `[samples, ...]`. For pairs made from bytes
    /// (`init(images:labels:scale:sampleShape:count:seed:)`) this converts every image, a copy of
    /// four times the bytes' size; `images(at:)` converts only the rows asked for.
    public var x: Tensor { source.tensor }

    /// The number of pairs.
    public var count: Int { left.count }

    /// `count` balanced same/different pairs of the rows of `x`, classed by `y`.
    /// - Parameters:
    ///   - x: the samples, `[samples, ...]` (images `[samples, height, width, channels]`).
    ///   - y: one whole-number class id a sample, `[samples]` or `[samples, 1]`.
    ///   - count: the number of pairs (positive).
    ///   - seed: makes the pairs repeatable; `nil` draws from `Random`.
    /// - Throws: `DLError.invalidArgument` when `count` is not positive, `x` and `y` do not match,
    ///   a class has a single sample (no same pair can be made of it), or different pairs are
    ///   asked of a single class.
    public init(x: Tensor, y: Tensor, count: Int, seed: UInt64? = nil) throws {
        try self.init(source: .floats(x), y: y, names: ("x", "y"), count: count, seed: seed,
                      context: "SiamesePairs(x:y:count:seed:)")
    }

    /// The pairs of `source`'s rows that both public initializers draw: the checks and the draws
    /// documented on the type and on `init(x:y:count:seed:)`, with errors naming `context` and
    /// calling the samples and class ids by `names`.
    init(source: PairImages, y: Tensor, names: (x: String, y: String), count: Int, seed: UInt64?,
         context: String) throws {
        guard count > 0 else {
            throw DLError.invalidArgument(context: context, message: "count must be positive. Received: count=\(count)")
        }
        let index = try ClassMembers(shape: source.shape, y: y, names: names, context: context)
        if let lone = zip(index.classes, index.members).first(where: { $0.1.count < 2 }) {
            throw DLError.invalidArgument(context: context, message: "class \(lone.0) has \(lone.1.count) sample; "
                + "a same-class pair needs two samples of every class. Received: \(names.y) with class counts "
                + index.countsDescription)
        }
        guard count < 2 || index.classes.count >= 2 else {
            throw DLError.invalidArgument(context: context, message: "different-class pairs need at least two classes. "
                + "Received: \(names.y) with class counts \(index.countsDescription)")
        }
        var generator = Random.makeGenerator(seed: seed)
        var left = [Int](), right = [Int](), labels = [Float]()
        left.reserveCapacity(count)
        right.reserveCapacity(count)
        labels.reserveCapacity(count)
        for i in 0..<count {
            if i % 2 == 0 {
                let members = index.members[ClassMembers.draw(index.classes.count, &generator)]
                let (a, b) = ClassMembers.drawTwo(members.count, &generator)
                left.append(members[a])
                right.append(members[b])
            } else {
                let (a, b) = ClassMembers.drawTwo(index.classes.count, &generator)
                left.append(index.members[a][ClassMembers.draw(index.members[a].count, &generator)])
                right.append(index.members[b][ClassMembers.draw(index.members[b].count, &generator)])
            }
            labels.append(i % 2 == 0 ? 1 : 0)
        }
        self.left = left
        self.right = right
        self.labels = Tensor(shape: [count, 1], scalars: labels)
        self.source = source
    }

    /// The samples at `rows` (rows of the image set, as `left` and `right` number them), in that
    /// order, as `Float`: `[rows.count] + x.shape[1...]`; pairs made from bytes convert only these.
    /// - Precondition: every row lies within `0..<x.shape[0]`.
    public func images(at rows: [Int]) -> Tensor {
        source.gathering(rows: rows)
    }

    /// The pairs as a data set with two inputs, the left and the right images `[batch, ...]`, and
    /// the labels `[batch, 1]` as the target; each batch's images are gathered (and, from bytes,
    /// converted) when needed.
    public var dataset: Dataset {
        Dataset(count: count) { [source, left, right, labels] rows in
            let list = rows.indices
            return ([source.gathering(rows: list.map { left[$0] }), source.gathering(rows: list.map { right[$0] })],
                    [labels.gathering(rows: list)])
        }
    }
}
