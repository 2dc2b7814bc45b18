import Dispatch

/// Splitting of large element-wise work across cores; small work stays serial.
public enum Parallel {
    /// Element counts below this run on one thread.
    public static let minimumParallelCount = 1 << 16
    /// The number of chunks large work is split into (the machine's active processors).
    public static let workers = max(1, ProcessInfoLite.activeProcessorCount)

    /// Calls `body(start, end)` over `0..<count` in contiguous chunks, concurrently when `count`
    /// is large enough to pay for it.
    @inlinable
    public static func forRanges(_ count: Int, minimumCount: Int = minimumParallelCount,
                                 _ body: (Int, Int) -> Void) {
        let chunks = count >= minimumCount ? workers : 1
        if chunks <= 1 {
            body(0, count)
            return
        }
        let chunkSize = (count + chunks - 1) / chunks
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let start = chunk * chunkSize
            let end = Swift.min(count, start + chunkSize)
            if start < end { body(start, end) }
        }
    }
}

/// The processor count without importing Foundation into the kernels.
public enum ProcessInfoLite {
    /// Processors available to this process (`sysconf(_SC_NPROCESSORS_ONLN)`).
    public static let activeProcessorCount: Int = {
        #if canImport(Glibc)
        return Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        #else
        return 1
        #endif
    }()
}

#if canImport(Glibc)
import Glibc
#endif
