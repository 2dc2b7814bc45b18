import COpenBLAS

/// Splitting of large work across cores; small work stays serial.
///
/// ## Threading policy: SwiftDL owns the cores, OpenBLAS runs on one thread
/// Two thread pools used to share the machine: OpenBLAS's pthreads (every GEMM) and Dispatch's
/// workers (element-wise passes, the chunked convolution). After each GEMM, OpenBLAS's idle
/// threads spin in `sched_yield` for a while, waiting for the next call, so any of our workers
/// started in between competed with a spinning BLAS thread for the same core: in LeNet-5's
/// training profile (2 cores, OpenBLAS on 2 threads) about 20% of the samples were the kernel's
/// scheduler (`__schedule`, `sched_yield`), and element-wise work could not use the second core
/// at all (a split over 2 Dispatch workers measured no faster than serial).
///
/// So OpenBLAS is switched to one thread, once, the first time `workers` is read (GEMM reads it
/// before every product), and its threads go to sleep for good. The thread budget OpenBLAS was
/// given (`OPENBLAS_NUM_THREADS`, or all processors) becomes `workers`: the number of threads
/// our kernels split work over, with `run` (persistent threads, `WorkerPool`): large GEMMs in bands
/// (`GEMM.multiply`), convolutions in chunks of samples, pooling and element-wise passes in
/// ranges. Nothing runs nested: a kernel that already runs on its workers asks GEMM not to split.
package enum Parallel {
    /// All processors of the machine.
    package static let processors = max(1, ProcessInfoLite.activeProcessorCount)

    /// The threads work is split over: OpenBLAS's thread budget when the process started
    /// (`OPENBLAS_NUM_THREADS`, by default the processors). Reading it the first time switches
    /// OpenBLAS to one thread (see the threading policy above) and applies `AllocatorTuning`.
    package static let workers: Int = {
        let budget = max(1, Int(openblas_get_num_threads()))
        openblas_set_num_threads(1)
        // The other process-wide setting of the kernels, applied at the same first use.
        AllocatorTuning.apply()
        return budget
    }()

    /// Calls `body(i)` for every `i` in `0..<count` on up to `workers` threads (the calling thread
    /// and `WorkerPool`'s), returning when all calls have returned; serial when the pool is
    /// already running a loop (a nested or concurrent call).
    package static func run(_ count: Int, _ body: (Int) -> Void) {
        WorkerPool.shared.run(count, body)
    }

    /// Element counts below this run on one thread.
    package static let minimumParallelCount = 1 << 16

    /// Calls `body(start, end)` over `0..<count` in contiguous chunks, concurrently when `count`
    /// is large enough to pay for it and `workers` > 1.
    @inlinable
    package static func forRanges(_ count: Int, minimumCount: Int = minimumParallelCount,
                                 _ body: (Int, Int) -> Void) {
        let chunks = count >= minimumCount ? workers : 1
        if chunks <= 1 {
            body(0, count)
            return
        }
        let chunkSize = (count + chunks - 1) / chunks
        run(chunks) { chunk in
            let start = chunk * chunkSize
            let end = Swift.min(count, start + chunkSize)
            if start < end { body(start, end) }
        }
    }
}

extension Parallel {
    /// Calls `body(start, end)` over `0..<count` in chunks of `chunkSize` on the workers: for
    /// kernels whose chunks each run a GEMM and then element-wise work on its output (the dense
    /// layer's short products), so that every core does both while the chunk is in its cache.
    /// A single chunk runs on the calling thread.
    package static func forChunks(_ count: Int, chunkSize: Int, _ body: (Int, Int) -> Void) {
        let chunkSize = Swift.max(1, chunkSize)
        let chunks = (count + chunkSize - 1) / chunkSize
        guard chunks > 1 else {
            if count > 0 { body(0, count) }
            return
        }
        run(chunks) { chunk in body(chunk * chunkSize, Swift.min(count, (chunk + 1) * chunkSize)) }
    }

    /// Calls `body(firstRow, endRow)` over bands of whole rows of a `[rows, columns]` output on the
    /// workers when it holds `minimumParallelCount` scalars or more: row-wise passes (activations,
    /// softmax) split without cutting a row.
    package static func forRowBands(rows: Int, columns: Int, _ body: (Int, Int) -> Void) {
        forRanges(rows, minimumCount: Swift.max(2, minimumParallelCount / Swift.max(columns, 1)), body)
    }
}

/// The processor count without importing Foundation into the kernels.
package enum ProcessInfoLite {
    /// Processors available to this process (`sysconf(_SC_NPROCESSORS_ONLN)`).
    package static let activeProcessorCount: Int = {
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
