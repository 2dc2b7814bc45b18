#if canImport(Glibc)
import Glibc
#endif

/// The collective operations data-parallel training is made of, over all ranks (MPI_COMM_WORLD).
/// Every rank must make the same calls in the same order with the same counts; in a single
/// process each is a no-op (or returns its input). MPI's default error handler ends the whole job
/// on a communication failure (a rank that died), so none of these returns an error.
extension Distributed {
    /// Sums `buffer` element-wise over the ranks, in place (MPI_Allreduce with MPI_SUM): every rank
    /// ends with the same sums.
    package static func allReduceSum(_ buffer: UnsafeMutableBufferPointer<Float>) {
        guard let world, world.size > 1, let base = buffer.baseAddress else { return }
        let library = world.library
        let began = monotonicSeconds()
        forEachChunk(buffer.count) { start, count in
            _ = library.MPI_Allreduce(MPILibrary.inPlace, base + start, count, library.float, library.sum, library.commWorld)
        }
        allReduceSeconds += monotonicSeconds() - began
    }

    /// The time this rank spent in `allReduceSum` so far (waiting for the other ranks included):
    /// what `dl train` reports as the all-reduce's share of training.
    nonisolated(unsafe) package static var allReduceSeconds: Double = 0

    /// A monotonic clock in seconds.
    package static func monotonicSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    /// `values` summed element-wise over the ranks.
    package static func allReduceSum(_ values: [Float]) -> [Float] {
        var result = values
        result.withUnsafeMutableBufferPointer { allReduceSum($0) }
        return result
    }

    /// The element-wise largest of `values` over the ranks (MPI_MAX); negate a value to get its smallest.
    package static func allReduceMax(_ values: [Int64]) -> [Int64] {
        guard let world, world.size > 1 else { return values }
        var result = values
        let library = world.library
        result.withUnsafeMutableBytes { bytes in
            _ = library.MPI_Allreduce(MPILibrary.inPlace, bytes.baseAddress, Int32(values.count), library.int64,
                                      library.max, library.commWorld)
        }
        return result
    }

    /// Copies rank `root`'s `buffer` into every other rank's (MPI_Bcast); the counts must agree.
    package static func broadcast(_ buffer: UnsafeMutableRawBufferPointer, root: Int = 0) {
        guard let world, world.size > 1, let base = buffer.baseAddress else { return }
        let library = world.library
        forEachChunk(buffer.count) { start, count in
            _ = library.MPI_Bcast(base + start, count, library.byte, Int32(root), library.commWorld)
        }
    }

    /// Rank `root`'s `values` on every rank (whose own `values` must have the same count).
    package static func broadcast<T: BitwiseCopyable>(_ values: [T], root: Int = 0) -> [T] {
        var result = values
        result.withUnsafeMutableBytes { broadcast($0, root: root) }
        return result
    }

    /// Rank `root`'s `text` on every rank (any length on the others).
    package static func broadcast(_ text: String, root: Int = 0) -> String {
        guard size > 1 else { return text }
        let bytes = Array(text.utf8)
        let count = broadcast([Int64(bytes.count)], root: root)[0]
        let received = broadcast(rank == root ? bytes : [UInt8](repeating: 0, count: Int(count)), root: root)
        return String(decoding: received, as: UTF8.self)
    }

    /// Prints `message` on standard error and ends every rank of the job (MPI_Abort); in a single
    /// process, exits with status 1.
    package static func abort(_ message: String) -> Never {
        fputs("rank \(rank) of \(size): \(message)\n", stderr)
        fflush(stderr)
        if let world { _ = world.library.MPI_Abort(world.library.commWorld, 1) }
        exit(1)
    }

    /// Calls `body(start, count)` over `0..<total` in runs that fit MPI's `int` counts.
    private static func forEachChunk(_ total: Int, _ body: (Int, Int32) -> Void) {
        let limit = 1 << 30
        var start = 0
        while start < total {
            let count = Swift.min(limit, total - start)
            body(start, Int32(count))
            start += count
        }
    }
}
