import DLCore

/// Samples delivered a batch at a time, like Keras's `tf.data.Dataset`: what `Model.fit`,
/// `evaluate` and `predict` take instead of whole tensors.
///
/// A data set is a recipe, not a copy: each batch is gathered (and, from a `ByteTensor`,
/// converted to `Float`) when it is needed, so images kept as bytes cost a quarter of the memory
/// of the same images as `Float` tensors.
///
/// ```swift
/// let (train, test) = try FashionMNIST.loadBytes()
/// let trainData = try Dataset(images: train.x, labels: train.y, sampleShape: [28, 28, 1])
///     .batched(128).shuffled()
/// try model.fit(trainData, epochs: 3)
/// ```
///
/// Iterating a data set yields its batches in order; a shuffled one draws a new order from
/// `Random` on every pass (Keras's `reshuffle_each_iteration`), so every epoch differs. A
/// `prefetched()` data set gathers the next batches on another thread while the current one
/// trains (see `prefetched(_:)`); its batches are the same.
public struct Dataset: Sequence {
    /// One batch: a tensor per model input, `[batch, ...]`, and a tensor per target (one per model
    /// output, `[batch, ...]`; none for a data set made for `predict`).
    public typealias Batch = (x: [Tensor], y: [Tensor])

    /// The samples a batch is made of: a contiguous run, or any rows in a given order.
    enum Rows {
        case range(Range<Int>)
        case list([Int])

        /// The number of samples.
        var count: Int {
            switch self {
            case .range(let range): return range.count
            case .list(let list): return list.count
            }
        }

        /// The sample indices, in order.
        var indices: [Int] {
            switch self {
            case .range(let range): return Array(range)
            case .list(let list): return list
            }
        }

        /// These rows of `tensor`: a copy of the run, or a gather. Neither reads the gradient
        /// tape, so a prefetching thread may call it while the training thread records.
        func take(from tensor: Tensor) -> Tensor {
            switch self {
            case .range(let range):
                let rowSize = tensor.shape.dropFirst().reduce(1, *)
                check(tensor.rank >= 1 && range.lowerBound >= 0 && range.upperBound <= tensor.shape[0],
                      "Dataset: rows \(range) out of range for shape \(tensor.shape)")
                return Tensor(shape: [range.count] + tensor.shape.dropFirst()) { output in
                    tensor.withUnsafeBufferPointer { source in
                        guard let from = source.baseAddress, let to = output.baseAddress else { return }
                        to.update(from: from + range.lowerBound * rowSize, count: range.count * rowSize)
                    }
                }
            case .list(let list): return tensor.gathering(rows: list)
            }
        }
    }

    /// The number of samples.
    public let count: Int
    /// Samples per batch (the last batch may be smaller); 32 unless `batched` says otherwise.
    public private(set) var batchSize = 32
    /// Whether each pass visits the samples in a new random order.
    public private(set) var isShuffled = false
    /// The batches gathered ahead on another thread during a pass (0: none, each batch is
    /// gathered when it is asked for); see `prefetched(_:)`.
    public internal(set) var prefetchDepth = 0
    /// Gathers the samples of one batch.
    private let gather: (Rows) throws -> Batch
    /// The `map` transforms, applied in order to every batch.
    private var transforms: [(Batch) throws -> Batch] = []

    /// Samples whose batches `gather` makes from their rows (`SiamesePairs` gathers image pairs).
    init(count: Int, gather: @escaping (Rows) -> Batch) {
        self.init(count: count, throwingGather: gather)
    }

    /// Samples whose batches `throwingGather` makes from their rows, for sources that can fail
    /// (files streamed from disk): its error ends the pass and `fit`, `evaluate` and `predict`
    /// throw it as a `DLError` naming the batch.
    init(count: Int, throwingGather: @escaping (Rows) throws -> Batch) {
        self.count = count
        self.gather = throwingGather
    }

    /// Samples from any source: `gatheringRows` makes the batch of the given sample indices (in
    /// `0..<count`, in batch order), for example by reading and decoding files. Its error ends the
    /// pass; `fit`, `evaluate` and `predict` throw it as a `DLError` naming the batch.
    ///
    /// ```swift
    /// let files = Dataset(count: paths.count) { rows in
    ///     ([try loadImages(rows.map { paths[$0] })], [labels.gathering(rows: rows)])
    /// }
    /// ```
    /// - Precondition: `count` is not negative.
    public init(count: Int, gatheringRows: @escaping (_ rows: [Int]) throws -> Batch) {
        check(count >= 0, "Dataset(count:gatheringRows:): the count must not be negative. Received: \(count)")
        self.init(count: count, throwingGather: { rows in try gatheringRows(rows.indices) })
    }

    /// Samples from tensors with one input: row `i` of `x` with row `i` of `y`.
    /// - Throws: `DLError.invalidArgument` when `x` or `y` has no sample dimension or their
    ///   sample counts differ.
    public init(x: Tensor, y: Tensor) throws {
        try self.init(x: [x], y: [y])
    }

    /// Samples from tensors with several inputs: row `i` of every `x` with row `i` of `y`.
    /// - Throws: `DLError.invalidArgument` when there is no input, a tensor has no sample
    ///   dimension or the sample counts differ.
    public init(x: [Tensor], y: Tensor) throws {
        try self.init(x: x, y: [y])
    }

    /// Samples from tensors with several inputs and several targets (one per model output): row
    /// `i` of every `x` with row `i` of every `y`.
    /// - Throws: `DLError.invalidArgument` when there is no input or no target, a tensor has no
    ///   sample dimension or the sample counts differ.
    public init(x: [Tensor], y: [Tensor]) throws {
        try self.init(x: x, y: y, context: "Dataset(x:y:)")
    }

    /// `init(x:y:)` with errors naming `context` (`model 'm'.fit`) instead of the data set.
    package init(x: [Tensor], y: [Tensor], context: String) throws {
        guard !y.isEmpty else {
            throw DLError.invalidArgument(context: context, message: "received no target tensors")
        }
        let count = try Self.sampleCount(x.map(\.shape), targetShapes: y.map(\.shape), context: context)
        self.init(count: count) { rows in (x.map(rows.take), y.map(rows.take)) }
    }

    /// Inputs without targets, for `predict`: each batch's `y` is empty.
    /// - Throws: `DLError.invalidArgument` when there is no input, a tensor has no sample
    ///   dimension or the sample counts differ.
    public init(x: [Tensor]) throws {
        try self.init(x: x, context: "Dataset(x:)")
    }

    /// `init(x:)` with errors naming `context`.
    package init(x: [Tensor], context: String) throws {
        let count = try Self.sampleCount(x.map(\.shape), targetShapes: [], context: context)
        self.init(count: count) { rows in (x.map(rows.take), []) }
    }

    /// Samples from images kept as bytes, converted to `Float` and multiplied by `scale` one batch
    /// at a time.
    /// - Parameters:
    ///   - images: `[samples, ...]`, for example `FashionMNIST.loadBytes().train.x`.
    ///   - labels: the targets, `[samples, ...]`; `nil` makes each image its own target, as an
    ///     autoencoder learns.
    ///   - scale: the factor applied to every byte; 1/255 maps pixels to [0, 1].
    ///   - sampleShape: the shape each image takes, for example `[28, 28, 1]` for a `Conv2D` or
    ///     `[784]` for a `Dense`; `nil` keeps the stored shape.
    /// - Throws: `DLError.invalidArgument` when the sample counts differ or `sampleShape` does not
    ///   hold one image.
    public init(images: ByteTensor, labels: Tensor?, scale: Float = 1 / 255, sampleShape: [Int]? = nil) throws {
        let context = "Dataset(images:labels:)"
        let count = try Self.sampleCount([images.shape], targetShapes: [labels?.shape ?? images.shape], context: context)
        var source = images
        if let sampleShape {
            guard sampleShape.allSatisfy({ $0 > 0 }), sampleShape.reduce(1, *) == images.sampleSize else {
                throw DLError.invalidArgument(context: context, message: "sampleShape \(sampleShape) does not hold one "
                    + "image of shape \(Array(images.shape.dropFirst())) (\(images.sampleSize) values)")
            }
            source = images.reshaped([count] + sampleShape)
        }
        self.init(count: count) { [source] rows in
            let list = rows.indices
            let x = source.gathering(rows: list, scale: scale)
            return ([x], [labels.map { $0.gathering(rows: list) } ?? x])
        }
    }

    /// The number of samples in the input `shapes` and the `targetShapes`, checked to agree.
    private static func sampleCount(_ shapes: [[Int]], targetShapes: [[Int]], context: String) throws -> Int {
        guard !shapes.isEmpty else {
            throw DLError.invalidArgument(context: context, message: "received no input tensors")
        }
        let all = shapes + targetShapes
        guard let count = shapes[0].first, all.allSatisfy({ !$0.isEmpty }) else {
            throw DLError.invalidArgument(context: context, message: "inputs and targets need a sample dimension; "
                + "received input shapes \(shapes) and target shapes \(targetShapes)")
        }
        if let other = all.map({ $0[0] }).first(where: { $0 != count }) {
            throw DLError.invalidArgument(context: context, message: "inputs and targets have different sample counts: "
                + "\(count) and \(other) (input shapes \(shapes), target shapes \(targetShapes))")
        }
        return count
    }

    /// The same samples in batches of `size`.
    /// - Throws: `DLError.invalidArgument` when `size` is not positive.
    public func batched(_ size: Int) throws -> Dataset {
        guard size > 0 else {
            throw DLError.invalidArgument(context: "Dataset.batched", message: "the batch size must be positive. Received: \(size)")
        }
        var copy = self
        copy.batchSize = size
        return copy
    }

    /// The same samples, in a new random order on every pass when `enabled`.
    public func shuffled(_ enabled: Bool = true) -> Dataset {
        var copy = self
        copy.isShuffled = enabled
        return copy
    }

    /// The same data set with `transform` applied to every batch (after earlier maps): for
    /// augmentation or preprocessing done a batch at a time. A transform may throw; its error ends
    /// the pass (`fit` throws it as a `DLError` naming the batch). Maps run on the thread that
    /// iterates, in batch order, also for a `prefetched()` data set, so a transform drawing from
    /// `Random` draws the same numbers with and without prefetching.
    public func map(_ transform: @escaping (Batch) throws -> Batch) -> Dataset {
        var copy = self
        copy.transforms.append(transform)
        return copy
    }

    /// The number of batches in one pass.
    public var batchCount: Int { (count + batchSize - 1) / batchSize }

    /// The first batch in stored order, without drawing a shuffle: what a model checks its shapes
    /// against before a pass. `nil` for an empty data set.
    /// - Precondition: the source and the maps make the batch without an error (`makeFirstBatch()`
    ///   throws it instead).
    public var firstBatch: Batch? {
        do { return try makeFirstBatch() } catch { trap("Dataset.firstBatch: \(error)") }
    }

    /// The first batch in stored order, without drawing a shuffle or prefetching; `nil` for an
    /// empty data set.
    /// - Throws: the error of the source's gather or of a map.
    public func makeFirstBatch() throws -> Batch? {
        count == 0 ? nil : try batch(.range(0..<Swift.min(count, batchSize)))
    }

    /// One batch, gathered and transformed.
    func batch(_ rows: Rows) throws -> Batch {
        try transformed(try gathered(rows))
    }

    /// The samples of `rows` from the source, before the maps (what a prefetching thread runs).
    func gathered(_ rows: Rows) throws -> Batch {
        try gather(rows)
    }

    /// `batch` after the maps, in order.
    func transformed(_ batch: Batch) throws -> Batch {
        var batch = batch
        for transform in transforms { batch = try transform(batch) }
        return batch
    }

    /// `batchCount`, so that `underestimatedCount` and `Array(dataset)` reserve exactly.
    public var underestimatedCount: Int { batchCount }
}
