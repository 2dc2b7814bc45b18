import DLCore
import XCTest

/// `Distributed` in a single process (the MPI job itself is tested by DLModelsTests'
/// ModelDataParallelFitTests): a no-op initialize, rank 0 of 1, collectives that return their
/// input, a clear error when a launcher started the program without Open MPI, and errors that
/// cross ranks unchanged.
final class DistributedTests: XCTestCase {
    func testASingleProcessIsRankZeroOfOne() throws {
        try Distributed.initialize(environment: [:], candidates: ["libswiftdl-no-such-mpi.so"])
        XCTAssertEqual(Distributed.rank, 0)
        XCTAssertEqual(Distributed.size, 1)
        XCTAssertTrue(Distributed.isChief)
        XCTAssertEqual(Distributed.allReduceSum([1, 2.5]), [1, 2.5])
        XCTAssertEqual(Distributed.allReduceMax([3, -4]), [3, -4])
        XCTAssertEqual(Distributed.broadcast([7, 8] as [Int]), [7, 8])
        XCTAssertEqual(Distributed.broadcast("text"), "text")
    }

    func testStartedByALauncherWithoutOpenMPIThrowsSayingWhatToInstall() {
        for variable in Distributed.launcherVariables {
            XCTAssertThrowsError(try Distributed.initialize(environment: [variable: "2"], candidates: ["libswiftdl-no-such-mpi.so"])) { error in
                guard case let .invalidArgument(context, message)? = error as? DLError else { return XCTFail("\(error)") }
                XCTAssertEqual(context, "Distributed.initialize")
                XCTAssertTrue(message.hasPrefix("this program was started by mpirun or srun, but Open MPI's library could "
                    + "not be loaded; install Open MPI"), message)
                XCTAssertTrue(message.contains("Received: libswiftdl-no-such-mpi.so"), message)
            }
        }
        XCTAssertEqual(Distributed.size, 1, "a failed initialize leaves a single process")
    }

    func testEveryDLErrorCrossesRanksUnchanged() {
        let errors: [DLError] = [
            .invalidArgument(context: "model 'm'.fit", message: "bad\nvalue"),
            .shapeMismatch(context: "dense", expected: "[?, 3]", received: [2, 4]),
            .shapeMismatch(context: "scalar", expected: "[]", received: []),
            .invalidFile(path: "/a.h5", reason: "truncated"),
            .fileAccess(path: "", reason: "gone"),
            .datasetNotFound(name: "mnist", triedFolders: ["/x", "/y"], hint: "install it"),
            .datasetNotFound(name: "mnist", triedFolders: [], hint: ""),
            .notCompiled(model: "m", call: "fit"),
            .hdf5(file: "f", path: "/g", reason: "missing"),
        ]
        for error in errors { XCTAssertEqual(Distributed.decode(Distributed.encode(error), rank: 3), error) }
        struct Other: Error, CustomStringConvertible { var description: String { "not a DLError" } }
        XCTAssertEqual(Distributed.decode(Distributed.encode(Other()), rank: 3),
                       .invalidArgument(context: "rank 3", message: "not a DLError"))
    }
}
