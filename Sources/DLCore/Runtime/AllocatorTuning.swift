import CMalloc
#if canImport(Glibc)
import Glibc
#endif

/// glibc malloc settings for training: large blocks stay in the process between steps.
///
/// By default glibc gives a freed block of a few MiB back to the system (its own mapping, or a trim
/// of the heap top), so the next training step faults the same memory in again, page by page, each
/// page cleared by the kernel. glibc raises its thresholds only after a large mapped block happens
/// to be freed, so how often this happens depends on the process's history: a VGG epoch on
/// Fashion-MNIST fed from bytes faulted in 12 million pages (48 GB), about 15% of its CPU time;
/// with these settings it faults 45 thousand, and the peak resident size stays within 2%.
///
/// Settings: blocks up to 32 MiB (glibc's largest allowed threshold) come from the heap, and up to
/// 512 MiB of free heap top is kept. A user's own choice wins: nothing is changed when
/// `GLIBC_TUNABLES` sets a `glibc.malloc.` tunable or a `MALLOC_TRIM_THRESHOLD_` /
/// `MALLOC_MMAP_THRESHOLD_` variable is set.
package enum AllocatorTuning {
    /// The largest block served from the heap instead of its own mapping.
    package static let mmapThreshold = 32 << 20
    /// Free memory kept at the top of the heap instead of being returned to the system.
    package static let trimThreshold = 512 << 20

    /// Applies the settings once per process; later calls do nothing. The kernels call it on their
    /// first use (`Parallel.workers`, read before every GEMM), so nobody needs to call it.
    package static func apply() { _ = applied }

    /// Whether the settings were applied (false when the environment holds the user's own).
    package static var isApplied: Bool { applied }

    /// Bytes the allocator has in blocks with their own mapping (`mallinfo2().hblkhd`).
    package static var mappedBlockBytes: Int { Int(mallinfo2().hblkhd) }
    /// Bytes of this thread's arena taken from the system, in use or free (`mallinfo2().arena`).
    package static var arenaBytes: Int { Int(mallinfo2().arena) }

    private static let applied: Bool = {
        func variable(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
        let userTunables = variable("GLIBC_TUNABLES")?.contains("glibc.malloc.") ?? false
        guard !userTunables, variable("MALLOC_TRIM_THRESHOLD_") == nil,
              variable("MALLOC_MMAP_THRESHOLD_") == nil else { return false }
        return dl_malloc_set_mmap_threshold(Int32(mmapThreshold)) == 1
            && dl_malloc_set_trim_threshold(Int32(trimThreshold)) == 1
    }()
}
