import Synchronization

/// A small cache of scratch buffers (each convolution worker's im2col or Winograd chunk and its gradients), so
/// that a training loop reuses the same memory every step instead of asking malloc for it again
/// (and, above `AllocatorTuning.mmapThreshold`, page-faulting fresh mmapped memory).
///
/// `take` hands out a uniquely referenced array of exactly `count` scalars with unspecified
/// contents (the caller overwrites all of it); `recycle` gives it back once the caller is done.
enum ScratchPool {
    /// Buffers smaller than this are left to `malloc`.
    static let minimumCount = 1 << 16
    /// At most this many buffers are kept, the least recently returned dropped first (a forward and
    /// a backward buffer per worker for each of a few convolutions).
    static let maximumBuffers = 16
    /// At most this many scalars are kept in all (32 MiB).
    static let maximumScalars = 1 << 23

    private static let buffers = Mutex<[[Float]]>([])

    /// An array of `count` scalars whose contents are unspecified.
    static func take(_ count: Int) -> [Float] {
        if count >= minimumCount {
            let reused = buffers.withLock { pool -> [Float]? in
                guard let index = pool.lastIndex(where: { $0.count == count }) else { return nil }
                return pool.remove(at: index)
            }
            if let reused { return reused }
        }
        return [Float](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
    }

    /// Returns `buffer` to the pool (when it is large enough to be worth keeping).
    static func recycle(_ buffer: [Float]) {
        guard buffer.count >= minimumCount, buffer.count <= maximumScalars else { return }
        buffers.withLock { pool in
            pool.append(buffer)
            while pool.count > maximumBuffers || pool.reduce(0, { $0 + $1.count }) > maximumScalars {
                pool.removeFirst()
            }
        }
    }
}
