import DLCore
import Synchronization

extension Dataset {
    /// The prefetching threads running now in the process (each stops with its pass): what tests
    /// check to see that none is left behind.
    package static var prefetchingThreads: Int {
        Prefetcher.liveThreads.load(ordering: .sequentiallyConsistent)
    }

    /// One pass over the batches; a shuffled data set draws its order now, a prefetched one
    /// starts gathering ahead on another thread.
    public func makeIterator() -> Iterator {
        Iterator(dataset: self, order: isShuffled ? Random.permutation(count) : nil)
    }

    /// Walks one pass over a data set's batches.
    ///
    /// `nextBatch()` throws the error of a source or map that fails; `next()` (what `for … in`
    /// calls) stops the program with that error instead. `fit`, `evaluate` and `predict` use
    /// `nextBatch()`. A prefetching thread stops, and is joined, when the iterator goes away:
    /// leaving a pass early (a `break`, an error, `EarlyStopping`) leaves no thread behind.
    public struct Iterator: IteratorProtocol {
        let dataset: Dataset
        /// The rows of the batches still to gather on this thread (unused when prefetching).
        private var cursor: RowCursor
        /// The thread gathering ahead, for a prefetched data set.
        private let prefetcher: Prefetcher?

        init(dataset: Dataset, order: [Int]?) {
            self.dataset = dataset
            cursor = RowCursor(count: dataset.count, batchSize: dataset.batchSize, order: order)
            guard dataset.prefetchDepth > 0, dataset.count > 0 else {
                prefetcher = nil
                return
            }
            // The producer walks its own copy of the cursor; only that thread touches it.
            var ahead = cursor
            prefetcher = Prefetcher(depth: dataset.prefetchDepth) {
                guard let rows = ahead.next() else { return nil }
                return try dataset.gathered(rows)
            }
        }

        /// The next batch, or `nil` after the last (and after an error).
        /// - Throws: the error of the source's gather or of a map, at the batch it concerns.
        public mutating func nextBatch() throws -> Batch? {
            if let prefetcher {
                guard let gathered = prefetcher.next() else { return nil }
                return try dataset.transformed(gathered.get())
            }
            guard let rows = cursor.next() else { return nil }
            return try dataset.batch(rows)
        }

        /// The next batch, or `nil` after the last.
        /// - Precondition: the source and the maps make the batch without an error
        ///   (`nextBatch()` throws it instead).
        public mutating func next() -> Batch? {
            do { return try nextBatch() } catch { trap("Dataset: \(error)") }
        }
    }

    /// The rows of each batch of one pass, in order.
    struct RowCursor {
        let count: Int
        let batchSize: Int
        /// The shuffled order, or `nil` for the stored order.
        let order: [Int]?
        private var start = 0

        init(count: Int, batchSize: Int, order: [Int]?) {
            self.count = count
            self.batchSize = batchSize
            self.order = order
        }

        /// The next batch's rows, or `nil` after the last.
        mutating func next() -> Rows? {
            guard start < count else { return nil }
            let end = Swift.min(count, start + batchSize)
            defer { start = end }
            if let order { return .list(Array(order[start..<end])) }
            return .range(start..<end)
        }
    }
}
