import Synchronization

/// A small cache of large scratch buffers (im2col matrices and their gradients), so that a
/// training loop reuses the same memory every step instead of page-faulting fresh memory for
/// buffers of hundreds of megabytes (glibc maps allocations that large anew each time).
///
/// `take` hands out a uniquely referenced array of exactly `count` scalars with unspecified
/// contents (the caller overwrites all of it); `recycle` gives it back once the caller is done.
enum ScratchPool {
    /// Buffers smaller than this are left to `malloc`.
    static let minimumCount = 1 << 16
    /// At most this many buffers are kept, the least recently returned dropped first.
    static let maximumBuffers = 8
    /// At most this many scalars are kept in all (512 MiB).
    static let maximumScalars = 1 << 27

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

/// A buffer captured by a pullback that the pullback takes out (leaving the box empty), so the
/// array is uniquely referenced again when it goes back to `ScratchPool`.
final class ScratchBox {
    /// The buffer, until taken.
    var buffer: [Float]?
    init(_ buffer: [Float]) { self.buffer = buffer }
    /// The buffer, leaving the box empty.
    func take() -> [Float] {
        let taken = buffer ?? []
        buffer = nil
        return taken
    }
}
