import DL
import DLTestSupport
import Foundation
import XCTest

/// Two "hosts" on one machine: each rank in its own network namespace (`ip netns`), joined by a
/// veth pair, with Open MPI's TCP transport restricted to it and shared memory off, so that the
/// gradients really cross a network. `mpirun` runs in the first namespace; its launch agent starts
/// the second rank's daemon in the second one (with its own host name, through `unshare --uts`).
/// Needs root and `ip` (skipped otherwise); the ranks run `ModelDataParallelFitTests`'s training.
final class TwoHostsTests: XCTestCase {
    /// Runs `command` with `sh -c`, returning its status and standard output.
    @discardableResult
    private func shell(_ command: String) throws -> (status: Int32, output: String) {
        let process = Process(), pipe = Pipe()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    func testTrainingAcrossTwoNetworkNamespacesMatchesOneProcess() throws {
        _ = try MPIJob.mpirun()
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip") ||
                FileManager.default.isExecutableFile(atPath: "/sbin/ip") else {
            throw XCTSkip("network namespaces need root and iproute2's ip")
        }
        let tag = "\(getpid() % 100_000)"
        let (a, b) = ("swiftdl-a\(tag)", "swiftdl-b\(tag)")
        let setUp = """
            set -e
            ip netns add \(a); ip netns add \(b)
            ip link add dlva\(tag) type veth peer name dlvb\(tag)
            ip link set dlva\(tag) netns \(a); ip link set dlvb\(tag) netns \(b)
            ip netns exec \(a) ip addr add 10.231.77.1/24 dev dlva\(tag)
            ip netns exec \(b) ip addr add 10.231.77.2/24 dev dlvb\(tag)
            ip netns exec \(a) ip link set dlva\(tag) up; ip netns exec \(b) ip link set dlvb\(tag) up
            ip netns exec \(a) ip link set lo up; ip netns exec \(b) ip link set lo up
            """
        defer { _ = try? shell("ip netns delete \(a); ip netns delete \(b)") }
        guard try shell(setUp).status == 0 else {
            throw XCTSkip("this machine does not allow network namespaces and veth pairs (ip netns add, ip link add)")
        }
        let folder = NSTemporaryDirectory() + "swiftdl-netns-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Open MPI's launch agent: "agent HOST COMMAND..." runs COMMAND in HOST's namespace.
        let agent = folder + "/agent.sh"
        try """
            #!/bin/sh
            host=$1; shift
            case "$host" in
              10.231.77.1) ns=\(a); name=swiftdl-node-a ;;
              10.231.77.2) ns=\(b); name=swiftdl-node-b ;;
              *) echo "agent.sh: unknown host $host" >&2; exit 1 ;;
            esac
            exec ip netns exec "$ns" unshare --uts sh -c "hostname $name; $*"
            """.write(toFile: agent, atomically: true, encoding: .utf8)
        XCTAssertEqual(chmod(agent, 0o755), 0)
        // The bytes the second namespace received over the veth (its only link to the first).
        let received = { Int(try self.shell("ip netns exec \(b) cat /sys/class/net/dlvb\(tag)/statistics/rx_bytes")
                                .output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 }
        let before = try received()
        let wrapper = ["/usr/bin/env", "ip", "netns", "exec", a, "unshare", "--uts", "sh", "-c",
                       "hostname swiftdl-node-a; exec \"$@\"", "sh"]
        let options = ["--host", "10.231.77.1,10.231.77.2", "--mca", "plm_rsh_agent", agent,
                       "--mca", "oob_tcp_if_include", "10.231.77.0/24",
                       "--mca", "btl", "tcp,self", "--mca", "btl_tcp_if_include", "10.231.77.0/24"]
        let outcome = try MPIJob.run("DLModelsTests.ModelDataParallelFitTests/testTwoRanksHoldIdenticalWeightsEqualToOneProcess",
                                     ranks: 2, timeout: 180, wrapper: wrapper, options: options)
        try ModelDataParallelFitTests.checkTwoRanks(outcome)
        XCTAssertGreaterThan(try received() - before, 10_000, "the ranks' traffic crosses the veth pair")
    }
}
