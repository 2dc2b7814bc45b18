import DLCore
import Dispatch
import Synchronization
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// `Parallel.run` (the worker pool) and `Parallel.forRanges`: every iteration runs exactly once,
/// also for nested calls and calls from several threads at a time (which run serially).
final class ParallelTests: XCTestCase {
    func testRunVisitsEveryIterationOnce() {
        for count in [0, 1, 2, 3, 17, 1000] {
            let visits = Mutex([Int](repeating: 0, count: count))
            for _ in 0..<50 {
                Parallel.run(count) { i in visits.withLock { $0[i] += 1 } }
            }
            XCTAssertTrue(visits.withLock { $0.allSatisfy { $0 == 50 } }, "count \(count)")
        }
    }

    func testNestedRunCompletes() {
        let total = Atomic<Int>(0)
        Parallel.run(4) { _ in
            Parallel.run(5) { j in total.wrappingAdd(j, ordering: .relaxed) }
        }
        XCTAssertEqual(total.load(ordering: .relaxed), 4 * (0 + 1 + 2 + 3 + 4))
    }

    func testConcurrentCallersEachComplete() {
        let total = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            for _ in 0..<100 {
                Parallel.run(8) { i in total.wrappingAdd(i, ordering: .relaxed) }
            }
        }
        XCTAssertEqual(total.load(ordering: .relaxed), 4 * 100 * 28)
    }

    /// Work below the thresholds (a single image's activation pass, a short range) is one call
    /// on the calling thread: it never posts a loop to the pool.
    func testSmallWorkRunsOnceOnTheCallingThread() {
        let caller = pthread_self()
        for (rows, columns) in [(1, 256), (3, 10), (1, Parallel.minimumParallelCount - 1)] {
            var calls: [(Int, Int, Bool)] = []
            Parallel.forRowBands(rows: rows, columns: columns) { first, last in
                calls.append((first, last, pthread_equal(pthread_self(), caller) != 0))
            }
            XCTAssertEqual(calls.count, 1, "\(rows)×\(columns)")
            XCTAssertTrue(calls.first.map { $0.0 == 0 && $0.1 == rows && $0.2 } ?? false, "\(rows)×\(columns)")
        }
        var onCaller = false
        Parallel.forRanges(Parallel.minimumParallelCount - 1) { start, end in
            onCaller = start == 0 && end == Parallel.minimumParallelCount - 1 && pthread_equal(pthread_self(), caller) != 0
        }
        XCTAssertTrue(onCaller)
    }

    func testForRangesCoversTheRangeInOrderedChunks() {
        for count in [0, 1, 5, Parallel.minimumParallelCount + 3] {
            var covered = [UInt8](repeating: 0, count: count)
            covered.withUnsafeMutableBufferPointer { buffer in
                Parallel.forRanges(count) { start, end in for i in start..<end { buffer[i] += 1 } }
            }
            XCTAssertTrue(covered.allSatisfy { $0 == 1 }, "count \(count)")
        }
    }
}
