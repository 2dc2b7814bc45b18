import COpenBLAS
#if canImport(Glibc)
import Glibc
#endif

/// Data-parallel training over MPI, as Horovod does for Keras: the same program runs as several
/// processes (ranks), started by `mpirun` (Open MPI) or `srun`, on one machine or several.
///
/// ```swift
/// try Distributed.initialize()            // first thing in the program
/// let model = ...; model.compile(...)
/// try model.fit(data, epochs: 5)          // data-parallel when Distributed.size > 1
/// if Distributed.isChief { print("done") }
/// ```
/// ```
/// mpirun -np 4 ./my-training
/// ```
/// With more than one rank, `fit` broadcasts rank 0's weights and optimizer state, splits every
/// global batch across the ranks, averages the gradients with one all-reduce per step and the logs
/// over the ranks; the progress bar and the callbacks that write files run on rank 0 only, and
/// `save`/`saveWeights` write on rank 0 only.
///
/// Open MPI is loaded (`dlopen` of libmpi) only by `initialize()` in a program started by a launcher:
/// every other program starts as before and SwiftDL builds without Open MPI installed.
public enum Distributed {
    /// The job's ranks once `initialize()` joined it under a launcher; nil in a single process.
    nonisolated(unsafe) static var world: MPIWorld?

    /// Joins the job when the program was started by `mpirun`/`srun` (MPI_Init, with MPI_Finalize at
    /// exit); a no-op in a single process and on a second call. Call it first, before building a
    /// model: it also gives this rank its share of the machine's cores (the cores divided by the
    /// ranks on this machine) for SwiftDL's worker threads.
    /// - Throws: `DLError.invalidArgument` when the program was started by a launcher but Open MPI's
    ///   library (libmpi.so.40) cannot be loaded.
    public static func initialize() throws {
        try initialize(environment: currentEnvironment(), candidates: MPILibrary.candidates)
    }

    /// This process's rank, `0..<size`; 0 in a single process.
    public static var rank: Int { world?.rank ?? 0 }

    /// The number of ranks in the job; 1 in a single process.
    public static var size: Int { world?.size ?? 1 }

    /// Whether this is rank 0, the one that prints and writes files.
    public static var isChief: Bool { rank == 0 }

    // MARK: - Package entry points

    /// The environment variables that tell a launcher started this process: Open MPI's `mpirun`,
    /// a PMIx launcher (`srun --mpi=pmix`) or a PMI one.
    package static let launcherVariables = ["OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE", "PMI_RANK"]

    /// `initialize()` with the given environment and library names (tests: a launcher's variables
    /// with a library that does not exist).
    package static func initialize(environment: [String: String], candidates: [String]) throws {
        guard world == nil, launcherVariables.contains(where: { environment[$0] != nil }) else { return }
        let library = try MPILibrary(candidates: candidates)
        // Ranks that wait in a collective yield their core instead of spinning (unless the user chose):
        // the ranks of a machine share its cores with their worker threads, and often with other work.
        setenv("OMPI_MCA_mpi_yield_when_idle", "1", 0)
        var initialized: Int32 = 0
        _ = library.MPI_Initialized(&initialized)
        if initialized == 0 {
            guard library.MPI_Init(nil, nil) == 0 else {
                throw DLError.invalidArgument(context: "Distributed.initialize", message: "MPI_Init failed. Received: an "
                    + "error status from Open MPI (see its message above)")
            }
            atexit { Distributed.finalize() }
        }
        var rank: Int32 = 0, size: Int32 = 1
        _ = library.MPI_Comm_rank(library.commWorld, &rank)
        _ = library.MPI_Comm_size(library.commWorld, &size)
        world = MPIWorld(library: library, rank: Int(rank), size: Int(size))
        let local = environment["OMPI_COMM_WORLD_LOCAL_SIZE"].flatMap { Int($0) } ?? 1
        shareCores(ranksOnThisMachine: local)
    }

    /// Gives this rank `cores / ranksOnThisMachine` threads (at least one): OpenBLAS's thread budget,
    /// which becomes the worker pool's size when the kernels first run (`Parallel.workers`). Kept as
    /// it is when the kernels already ran (the budget was read and OpenBLAS set to one thread).
    static func shareCores(ranksOnThisMachine local: Int) {
        let budget = Int(openblas_get_num_threads())
        guard local > 1, budget > 1 else { return }
        openblas_set_num_threads(Int32(Swift.max(1, budget / local)))
    }

    /// How many data-parallel calls (`fit`, `evaluate`, `predict`) are running on this rank.
    nonisolated(unsafe) package static var collectiveCalls = 0

    /// Runs `body`, a data-parallel call whose ranks meet in collectives: a rank that exits in the middle of it
    /// (`exit()` in a callback, say) ends the whole job at exit instead of finalizing, since the other ranks
    /// wait for it in their next collective and would wait forever.
    package static func duringCollectives<R>(_ body: () throws -> R) rethrows -> R {
        collectiveCalls += 1
        defer { collectiveCalls -= 1 }
        return try body()
    }

    /// MPI_Finalize, once, at exit; MPI_Abort when the exit comes in the middle of a data-parallel call.
    private static func finalize() {
        guard let library = world?.library else { return }
        if collectiveCalls > 0 {
            fputs("SwiftDL: rank \(rank) exits in the middle of data-parallel training; ending every rank "
                  + "(MPI_Abort).\n", stderr)
            _ = library.MPI_Abort(library.commWorld, 1)
            return
        }
        var finalized: Int32 = 0
        _ = library.MPI_Finalized(&finalized)
        if finalized == 0 { _ = library.MPI_Finalize() }
    }

    /// The process's environment variables.
    private static func currentEnvironment() -> [String: String] {
        var result: [String: String] = [:]
        for name in launcherVariables + ["OMPI_COMM_WORLD_LOCAL_SIZE"] {
            if let value = getenv(name) { result[name] = String(cString: value) }
        }
        return result
    }
}

/// The ranks of the job (MPI_COMM_WORLD) and the library that joins them.
struct MPIWorld {
    let library: MPILibrary
    let rank: Int
    let size: Int
}
