import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Clocks, statistics and process figures for the benchmark (Linux).
enum Measure {
    /// Seconds on the monotonic clock (for durations).
    static func now() -> Double { seconds(of: CLOCK_MONOTONIC) }

    /// Seconds since the Unix epoch (comparable with Python's `time.time_ns()` in the runner).
    static func wallClock() -> Double { seconds(of: CLOCK_REALTIME) }

    /// Seconds since boot, suspend included (the clock of `/proc/self/stat`'s start time).
    static func sinceBoot() -> Double { seconds(of: CLOCK_BOOTTIME) }

    private static func seconds(of clock: clockid_t) -> Double {
        var time = timespec()
        clock_gettime(clock, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    /// Seconds taken by `body`.
    static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = now()
        try body()
        return now() - start
    }

    /// The median of `values` (the mean of the middle two for an even count); nil when empty.
    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The process's peak resident set size in MiB (`getrusage` `ru_maxrss`, KiB on Linux).
    static func peakRSSMegabytes() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    /// How long ago this process started, in seconds, from two clocks:
    /// - `launcher`: the runner's wall-clock time just before it spawned this process, passed in
    ///   `DLBENCH_LAUNCH_NS` (nanoseconds since the epoch; precise, includes exec and loading);
    /// - `procStat`: `/proc/self/stat` field 22 (start time in clock ticks since boot) against
    ///   `CLOCK_BOOTTIME` (always there, but only to a tick, 10 ms).
    static func processAge() -> (launcher: Double?, procStat: Double?) {
        var launcher: Double? = nil
        if let text = ProcessInfo.processInfo.environment["DLBENCH_LAUNCH_NS"], let nanoseconds = Double(text) {
            launcher = wallClock() - nanoseconds * 1e-9
        }
        return (launcher, procStatAge())
    }

    private static func procStatAge() -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let closing = stat.lastIndex(of: ")") else { return nil }
        // Fields after the command name start at field 3 (state); the start time is field 22.
        let fields = stat[stat.index(after: closing)...].split(separator: " ")
        guard fields.count > 19, let ticks = Double(fields[19]) else { return nil }
        let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        return sinceBoot() - ticks / ticksPerSecond
    }
}
