import COpenBLAS
import Dispatch
import Synchronization

/// Splitting of large element-wise work across cores; small work stays serial.
///
/// ## Threading policy: OpenBLAS owns the cores
/// Two thread pools share the machine: OpenBLAS's pthreads (every GEMM) and Dispatch's workers
/// (`concurrentPerform` here). After each GEMM, OpenBLAS's idle threads spin in `sched_yield`
/// waiting for the next call, so a Dispatch worker started between two GEMMs competes with a
/// spinning BLAS thread for the same core (about a quarter of LeNet-5's training profile was
/// kernel `sched_yield`). Measured on the 2-core Cooperlake machine, with a sigmoid pass started
/// right after a GEMM: with OpenBLAS on 2 threads, splitting 128 Ki – 4 Mi element passes over
/// 2 Dispatch workers gained nothing (minimum and median times equal to serial or worse); with
/// OpenBLAS on 1 thread, the same split ran 1.8× faster. So element-wise work only gets the
/// cores OpenBLAS does not use: `workers` = processors − (OpenBLAS threads − 1), which is 1 on
/// the benchmark setting (2 cores, `OPENBLAS_NUM_THREADS=2`: everything element-wise is serial,
/// GEMMs use both cores) and 2 when OpenBLAS is limited to one thread. Element-wise kernels
/// are instead made cheap: fused into the producing op's output pass and vectorizable.
///
/// Where the output pass costs as much as the product (a dense layer with a short product and
/// a sigmoid output, a convolution), the kernel instead cuts the work into chunks of rows and
/// runs each chunk's GEMM *and* output pass on its own core, with OpenBLAS on one thread while
/// it does (`forChunks`): no BLAS thread is waiting to spin against the workers.
public enum Parallel {
    /// All processors of the machine: for kernels that switch OpenBLAS to one thread while they
    /// run their own workers (the chunked convolution), so nothing else competes for the cores.
    public static let processors = max(1, ProcessInfoLite.activeProcessorCount)

    /// Element counts below this run on one thread.
    public static let minimumParallelCount = 1 << 16
    /// The number of chunks large work is split into: the processors OpenBLAS's threads leave.
    public static let workers: Int = {
        let processors = max(1, ProcessInfoLite.activeProcessorCount)
        let blasThreads = max(1, Int(openblas_get_num_threads()))
        return max(1, processors - (blasThreads - 1))
    }()

    /// Calls `body(start, end)` over `0..<count` in contiguous chunks, concurrently when `count`
    /// is large enough to pay for it and `workers` > 1.
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

extension Parallel {
    /// Calls `body(start, end)` over `0..<count` in chunks of `chunkSize`, spread over all
    /// `processors` with OpenBLAS switched to one thread meanwhile: for kernels whose chunks each
    /// run a GEMM and then element-wise work on its output (the chunked convolution's and dense
    /// layer's pattern), so that every core does both and nothing spins against them. A single
    /// chunk runs on the calling thread with OpenBLAS's threads left as they are.
    public static func forChunks(_ count: Int, chunkSize: Int, _ body: (Int, Int) -> Void) {
        let chunkSize = Swift.max(1, chunkSize)
        let chunks = (count + chunkSize - 1) / chunkSize
        let workers = Swift.min(processors, chunks)
        guard workers > 1 else {
            if count > 0 { body(0, count) }
            return
        }
        let blasThreads = openblas_get_num_threads()
        if blasThreads > 1 { openblas_set_num_threads(1) }
        defer { if blasThreads > 1 { openblas_set_num_threads(blasThreads) } }
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let chunk = next.add(1, ordering: .relaxed).oldValue
                guard chunk < chunks else { break }
                body(chunk * chunkSize, Swift.min(count, (chunk + 1) * chunkSize))
            }
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
