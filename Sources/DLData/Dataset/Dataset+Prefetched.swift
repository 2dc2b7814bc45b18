import DLCore

extension Dataset {
    /// The same batches, gathered up to `depth` ahead on another thread while the current one
    /// is used (Keras's `dataset.prefetch(buffer_size)`, counted in batches).
    ///
    /// Only the source's gather runs ahead (reading and converting samples, decoding files);
    /// `map` transforms still run on the iterating thread in batch order. The batches, their
    /// order (a shuffle is drawn when the pass starts, as without prefetching) and anything
    /// drawn from `Random` are therefore exactly those of the data set without prefetching.
    /// At most `depth` batches wait gathered at any time; the thread stops and is joined when
    /// the pass ends or is left early. A source's error reaches the iterating thread at the batch
    /// it concerns.
    ///
    /// ```swift
    /// let train = try Dataset(images: bytes, labels: labels).batched(128).shuffled().prefetched()
    /// ```
    /// - Parameter depth: the batches gathered ahead; 1 overlaps the next batch with the
    ///   current step.
    /// - Throws: `DLError.invalidArgument` when `depth` is below 1.
    public func prefetched(_ depth: Int = 1) throws -> Dataset {
        guard depth >= 1 else {
            throw DLError.invalidArgument(context: "Dataset.prefetched",
                                          message: "the depth must be at least 1 batch. Received: \(depth)")
        }
        var copy = self
        copy.prefetchDepth = depth
        return copy
    }
}
