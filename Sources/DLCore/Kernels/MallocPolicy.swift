#if canImport(Glibc)
import CMalloc
#endif

/// glibc malloc settings for tensor-sized buffers, applied once per process (when the kernels'
/// thread policy is first read, see `Parallel.workers`).
///
/// A training step allocates and frees the same large buffers every step (LeNet-5: a 2.4 MB
/// convolution output and its gradient, among others). glibc serves a request of at least
/// `M_MMAP_THRESHOLD` bytes with a fresh `mmap`, whose pages the kernel faults in and zeroes on
/// first touch, and returns it with `munmap` on free. Its default threshold starts at 128 KiB
/// and only rises to the size of the largest mmapped block freed so far; a request of exactly
/// that size is still mmapped. So whether a step's buffers came from the heap depended on what
/// the process had freed before training: the same LeNet-5 epoch took 3.1–3.8 s in the benchmark
/// (3–4 s of system time per 2 epochs in page faults, `clear_page`) and 2.2–2.5 s in `dl train`
/// or with a larger threshold set through `GLIBC_TUNABLES`. Fixed thresholds keep buffers up to
/// `mmapThreshold` in the heap, and freed heap memory up to `trimThreshold` in the process for
/// the next step instead of returning it to the system.
enum MallocPolicy {
    /// Requests of this many bytes or more are mmapped (glibc's largest dynamic threshold, 32 MiB).
    static let mmapThreshold: Int32 = 32 << 20
    /// Free memory at the top of the heap beyond this is returned to the system (128 MiB).
    static let trimThreshold: Int32 = 128 << 20

    /// Applies the thresholds (once; nothing on platforms without glibc).
    static let applied: Void = {
        #if canImport(Glibc)
        _ = mallopt(M_MMAP_THRESHOLD, mmapThreshold)
        _ = mallopt(M_TRIM_THRESHOLD, trimThreshold)
        #endif
    }()
}
