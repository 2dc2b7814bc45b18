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

    /// One pass in the given sample `order` (nil: the stored order) over this rank's share of every
    /// batch, for data-parallel training: batch `b`'s rows are split into `shard.count` runs as even as
    /// possible (sizes differing by one at most), in rank order, and this iterator yields run
    /// `shard.index`. A run without rows yields a batch with no tensors (`x` empty), never gathered.
    package func makeIterator(order: [Int]?, shard: (index: Int, count: Int)) -> Iterator {
        Iterator(dataset: self, order: order, shard: shard)
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

        init(dataset: Dataset, order: [Int]?, shard: (index: Int, count: Int) = (0, 1)) {
            self.dataset = dataset
            cursor = RowCursor(count: dataset.count, batchSize: dataset.batchSize, order: order, shard: shard)
            guard dataset.prefetchDepth > 0, dataset.count > 0 else {
                prefetcher = nil
                return
            }
            // The producer walks its own copy of the cursor; only that thread touches it.
            var ahead = cursor
            prefetcher = Prefetcher(depth: dataset.prefetchDepth) {
                guard let rows = ahead.next() else { return nil }
                return rows.count == 0 ? ([], []) : try dataset.gathered(rows)
            }
        }

        /// The next batch, or `nil` after the last (and after an error).
        /// - Throws: the error of the source's gather or of a map, at the batch it concerns.
        public mutating func nextBatch() throws -> Batch? {
            if let prefetcher {
                guard let gathered = prefetcher.next() else { return nil }
                let batch = try gathered.get()
                return batch.x.isEmpty ? batch : try dataset.transformed(batch)
            }
            guard let rows = cursor.next() else { return nil }
            return rows.count == 0 ? ([], []) : try dataset.batch(rows)
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
        /// This rank's run of every batch (`(0, 1)`: the whole batch).
        let shard: (index: Int, count: Int)
        private var start = 0

        init(count: Int, batchSize: Int, order: [Int]?, shard: (index: Int, count: Int) = (0, 1)) {
            self.count = count
            self.batchSize = batchSize
            self.order = order
            self.shard = shard
        }

        /// The next batch's rows (this shard's run of them), or `nil` after the last.
        mutating func next() -> Rows? {
            guard start < count else { return nil }
            let end = Swift.min(count, start + batchSize)
            defer { start = end }
            // The first `size % shard.count` runs take one row more: rank 0 always has a row.
            let size = end - start, base = size / shard.count, extra = size % shard.count
            let first = start + shard.index * base + Swift.min(shard.index, extra)
            let last = first + base + (shard.index < extra ? 1 : 0)
            if let order { return .list(Array(order[first..<last])) }
            return .range(first..<last)
        }
    }
}
