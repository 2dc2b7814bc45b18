#if canImport(Glibc)
import Glibc
#endif

/// Open MPI's libmpi, loaded with `dlopen` by `Distributed.initialize()` only when the program was
/// started by `mpirun` or `srun`: no module links it and no header is needed, so SwiftDL builds and
/// runs without Open MPI, and a single process never loads it.
///
/// Open MPI's handles (`MPI_COMM_WORLD`, `MPI_FLOAT`, `MPI_SUM`, ...) are the addresses of its
/// predefined global objects (`ompi_mpi_comm_world`, `ompi_mpi_float`, `ompi_mpi_op_sum`), found
/// with `dlsym`; its functions are called through typed C function pointers. The ABI is Open MPI's
/// (Debian's libmpi.so.40, Open MPI 3 and 4); MPICH's handles are integers and are not supported.
final class MPILibrary: @unchecked Sendable {
    /// The file names tried in order: Debian's Open MPI runtime library, then the development link.
    static let candidates = ["libmpi.so.40", "libmpi.so"]

    typealias Handle = UnsafeMutableRawPointer
    typealias Status = Int32

    let MPI_Init: @convention(c) (UnsafeMutablePointer<Int32>?, UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?) -> Status
    let MPI_Initialized: @convention(c) (UnsafeMutablePointer<Int32>) -> Status
    let MPI_Finalized: @convention(c) (UnsafeMutablePointer<Int32>) -> Status
    let MPI_Finalize: @convention(c) () -> Status
    let MPI_Comm_rank: @convention(c) (Handle, UnsafeMutablePointer<Int32>) -> Status
    let MPI_Comm_size: @convention(c) (Handle, UnsafeMutablePointer<Int32>) -> Status
    /// (sendbuf, recvbuf, count, datatype, op, comm); sendbuf `MPI_IN_PLACE` (address 1) reduces in place.
    let MPI_Allreduce: @convention(c) (UnsafeRawPointer?, UnsafeMutableRawPointer?, Int32, Handle, Handle, Handle) -> Status
    /// (buffer, count, datatype, root, comm).
    let MPI_Bcast: @convention(c) (UnsafeMutableRawPointer?, Int32, Handle, Int32, Handle) -> Status
    let MPI_Abort: @convention(c) (Handle, Int32) -> Status

    /// `MPI_COMM_WORLD`.
    let commWorld: Handle
    /// `MPI_FLOAT`, `MPI_INT64_T`, `MPI_BYTE`.
    let float: Handle, int64: Handle, byte: Handle
    /// `MPI_SUM`, `MPI_MAX`, `MPI_MIN`.
    let sum: Handle, max: Handle, min: Handle

    /// Loads the first of `candidates` that `dlopen` finds (globally: Open MPI's plug-ins resolve
    /// their symbols in libmpi) and looks up every function and handle.
    /// - Throws: `DLError.invalidArgument` saying to install Open MPI when none loads or a symbol is missing.
    init(candidates: [String]) throws {
        var handle: UnsafeMutableRawPointer?
        var failures: [String] = []
        for name in candidates {
            handle = dlopen(name, RTLD_NOW | RTLD_GLOBAL)
            if handle != nil { break }
            failures.append(dlerror().map { String(cString: $0) } ?? name)
        }
        guard let handle else {
            throw DLError.invalidArgument(context: "Distributed.initialize", message: "this program was started by mpirun "
                + "or srun, but Open MPI's library could not be loaded; install Open MPI (Debian/Ubuntu: apt-get install "
                + "openmpi-bin libopenmpi-dev, or `make deps`). Received: \(failures.joined(separator: "; "))")
        }
        let symbols = MPISymbols(handle: handle)
        MPI_Init = try symbols.function("MPI_Init")
        MPI_Initialized = try symbols.function("MPI_Initialized")
        MPI_Finalized = try symbols.function("MPI_Finalized")
        MPI_Finalize = try symbols.function("MPI_Finalize")
        MPI_Comm_rank = try symbols.function("MPI_Comm_rank")
        MPI_Comm_size = try symbols.function("MPI_Comm_size")
        MPI_Allreduce = try symbols.function("MPI_Allreduce")
        MPI_Bcast = try symbols.function("MPI_Bcast")
        MPI_Abort = try symbols.function("MPI_Abort")
        commWorld = try symbols.address("ompi_mpi_comm_world")
        float = try symbols.address("ompi_mpi_float")
        int64 = try symbols.address("ompi_mpi_int64_t")
        byte = try symbols.address("ompi_mpi_byte")
        sum = try symbols.address("ompi_mpi_op_sum")
        max = try symbols.address("ompi_mpi_op_max")
        min = try symbols.address("ompi_mpi_op_min")
    }

    /// `MPI_IN_PLACE` in Open MPI: the address 1.
    static let inPlace = UnsafeRawPointer(bitPattern: 1)
}

/// Looks up libmpi's symbols in a `dlopen` handle.
private struct MPISymbols {
    let handle: UnsafeMutableRawPointer

    /// The function `symbol`, as the C function pointer type `T`.
    func function<T>(_ symbol: String) throws -> T {
        unsafeBitCast(try address(symbol), to: T.self)
    }

    /// The address of `symbol` (a function, or one of Open MPI's predefined handle objects).
    func address(_ symbol: String) throws -> UnsafeMutableRawPointer {
        guard let pointer = dlsym(handle, symbol) else {
            throw DLError.invalidArgument(context: "Distributed.initialize", message: "the loaded libmpi has no symbol "
                + "'\(symbol)'; SwiftDL needs Open MPI 3 or later (Debian's openmpi-bin, libopenmpi-dev). "
                + "Received: \(dlerror().map { String(cString: $0) } ?? symbol)")
        }
        return pointer
    }
}
