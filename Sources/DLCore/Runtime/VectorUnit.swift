internal import CKernels

/// The vector instruction set of the C kernels (the `CKernels` target: Winograd's input and output
/// transforms), chosen once at run time from what the CPU supports; `SWIFTDL_ISA=portable|avx2|avx512`
/// in the environment asks for a lesser one. Every variant gives bit-identical results.
package enum VectorUnit: Int32, CaseIterable, Sendable {
    /// Plain C on 8-lane vectors (two SSE2 registers each on x86-64): any CPU.
    case portable = 0
    /// AVX2, 8 lanes a vector.
    case avx2 = 1
    /// AVX-512 Foundation, 16 lanes a vector.
    case avx512 = 2

    /// The variant the kernels use now.
    package static var active: VectorUnit { VectorUnit(rawValue: dl_kernels_isa()) ?? .portable }

    /// The best variant this CPU supports.
    package static var best: VectorUnit { VectorUnit(rawValue: dl_kernels_best_isa()) ?? .portable }

    /// The variants this CPU supports, from `portable` to `best`.
    package static var supported: [VectorUnit] { allCases.filter { $0.rawValue <= best.rawValue } }

    /// Makes the kernels use `unit` (nil: back to the automatic choice); false, with nothing changed,
    /// when the CPU does not support it. For tests and benchmarks, not while kernels run on other threads.
    @discardableResult
    package static func force(_ unit: VectorUnit?) -> Bool { dl_kernels_force_isa(unit?.rawValue ?? -1) == 0 }

    /// "portable", "avx2" or "avx512".
    package var name: String { String(cString: dl_kernels_isa_name(rawValue)) }

    /// The CPU's model name from /proc/cpuinfo ("unknown" when not found).
    package static var cpuModel: String { String(cString: dl_kernels_cpu_model()) }
}
