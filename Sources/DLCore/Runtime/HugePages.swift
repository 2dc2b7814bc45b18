#if canImport(Glibc)
import Glibc
#endif

/// Transparent huge pages for large, freshly allocated buffers (Linux `madvise(MADV_HUGEPAGE)`).
///
/// A buffer of tens of MiB that is written once (the result of `predict` over a test set) costs a
/// page fault per 4 KiB page on first touch: 7,600 faults, about a third of the autoencoder's
/// `predict` time at batch 256, measured. Advised, its 2 MiB-aligned part is backed by 2 MiB
/// pages: one fault each. The advice does not change the contents; where huge pages are off
/// (`/sys/kernel/mm/transparent_hugepage/enabled` = never) or on other systems it does nothing.
package enum HugePages {
    /// The size of a huge page (x86-64 and AArch64 with 4 KiB base pages).
    package static let size = 2 << 20
    /// Buffers smaller than this are left alone: their faults are few.
    package static let minimumBytes = 4 << 20

    /// Advises the kernel to back the 2 MiB-aligned part of `buffer` with huge pages. Call it
    /// before the buffer is first written.
    package static func advise(_ buffer: UnsafeMutableBufferPointer<Float>) {
        #if os(Linux)
        guard let base = buffer.baseAddress, buffer.count * MemoryLayout<Float>.stride >= minimumBytes else { return }
        let start = (UInt(bitPattern: base) + UInt(size - 1)) & ~UInt(size - 1)
        let end = (UInt(bitPattern: base + buffer.count)) & ~UInt(size - 1)
        guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(pointer, Int(end - start), MADV_HUGEPAGE)   // advice only: failure changes nothing
        #endif
    }
}
