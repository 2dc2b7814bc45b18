import DLData
import Foundation
import XCTest

/// `Dataset.prefetched`: the same batches as without it, at most `depth` gathered ahead, no thread
/// left when a pass stops, and a source's error at the batch it concerns.
final class DatasetPrefetchedTests: XCTestCase {
    /// Ten samples: x row i is [i, 10 i], y is i.
    private let x = Tensor(shape: [10, 2], scalars: (0..<10).flatMap { [Float($0), Float(10 * $0)] })
    private let y = Tensor((0..<10).map(Float.init))

    /// Every batch of `passes` passes over `dataset`, x and y scalars, after seeding `Random`.
    private func passes(_ dataset: Dataset, count: Int, seed: UInt64 = 3) throws -> [[[Float]]] {
        Random.seed(seed)
        var all: [[[Float]]] = []
        for _ in 0..<count {
            var batches = dataset.makeIterator()
            while let batch = try batches.nextBatch() { all.append((batch.x + batch.y).map(\.scalars)) }
        }
        return all
    }

    /// A source of `count` samples (sample i is [i], target i) that counts its gathers and throws
    /// for the batch holding `failing`.
    private func countingSource(count: Int, failing: Int? = nil, gathers: Counter) -> Dataset {
        Dataset(count: count) { rows in
            gathers.increment()
            if let failing, rows.contains(failing) {
                throw DLError.fileAccess(path: "sample-\(failing).png", reason: "unreadable")
            }
            let values = rows.map(Float.init)
            return ([Tensor(shape: [rows.count, 1], scalars: values)], [Tensor(values)])
        }
    }

    func testPrefetchedBatchesEqualThoseWithoutPrefetching() throws {
        let plain = try Dataset(x: x, y: y).batched(3).shuffled()
        let expected = try passes(plain, count: 3)
        XCTAssertEqual(expected.count, 12)
        for depth in [1, 2, 5] {
            XCTAssertEqual(try passes(try plain.prefetched(depth), count: 3), expected, "depth \(depth)")
        }
        // A map drawing from Random after the shuffle: the same draws with prefetching.
        let noisy = plain.map { batch in (batch.x.map { $0 + Tensor.randomUniform($0.shape) }, batch.y) }
        XCTAssertEqual(try passes(try noisy.prefetched(2), count: 2, seed: 8), try passes(noisy, count: 2, seed: 8))
        XCTAssertEqual(try plain.prefetched().prefetchDepth, 1)
    }

    func testPrefetchedSeveralInputsAndImagesStayAligned() throws {
        let bytes = ByteTensor(shape: [10, 2, 2], bytes: (0..<40).map { UInt8($0 * 5) })
        let images = try Dataset(images: bytes, labels: y, sampleShape: [4]).batched(4).shuffled()
        XCTAssertEqual(try passes(try images.prefetched(), count: 2), try passes(images, count: 2))
        let pairs = try Dataset(x: [x, x * 2], y: [y, y + 1]).batched(4)
        let batches = try passes(try pairs.prefetched(3), count: 1)
        XCTAssertEqual(batches.map(\.count), [4, 4, 4])
        XCTAssertEqual(batches[2], [[8, 80, 9, 90], [16, 160, 18, 180], [8, 9], [9, 10]])
    }

    func testAtMostDepthBatchesAreGatheredAhead() throws {
        let gathers = Counter()
        let depth = 2
        let dataset = try countingSource(count: 40, gathers: gathers).batched(4).prefetched(depth)
        var batches = dataset.makeIterator()
        var consumed = 0
        while let batch = try batches.nextBatch() {
            consumed += 1
            XCTAssertEqual(batch.y[0].scalars.first, Float(4 * (consumed - 1)))
            XCTAssertLessThanOrEqual(gathers.value, consumed + depth, "after batch \(consumed)")
            if consumed == 3 {
                // The thread does run ahead: it fills the queue while this one waits, and stops there.
                XCTAssertTrue(waitUntil { gathers.value == consumed + depth })
                usleep(20_000)
                XCTAssertEqual(gathers.value, consumed + depth)
            }
        }
        XCTAssertEqual(consumed, 10)
        XCTAssertEqual(gathers.value, 10)
    }

    func testLeavingAPassEarlyStopsAndJoinsTheThread() throws {
        let threadsBefore = Self.liveThreadCount()
        let gathers = Counter()
        let dataset = try countingSource(count: 100, gathers: gathers).batched(2).prefetched(3)
        do {
            var batches = dataset.makeIterator()
            XCTAssertNotNil(try batches.nextBatch())
            XCTAssertEqual(Dataset.prefetchingThreads, 1)
        }
        XCTAssertEqual(Dataset.prefetchingThreads, 0, "the iterator's end joins its thread")
        XCTAssertLessThanOrEqual(gathers.value, 1 + 3)
        for (index, _) in dataset.enumerated() where index == 4 { break }
        XCTAssertEqual(Dataset.prefetchingThreads, 0)
        XCTAssertEqual(Self.liveThreadCount(), threadsBefore, "no thread of the process left behind")
    }

    func testASourceErrorArrivesAtItsBatchThenThePassEnds() throws {
        for prefetch in [false, true] {
            let gathers = Counter()
            var dataset = try countingSource(count: 20, failing: 13, gathers: gathers).batched(4)
            if prefetch { dataset = try dataset.prefetched(2) }
            var batches = dataset.makeIterator()
            for _ in 0..<3 { XCTAssertNotNil(try batches.nextBatch()) }
            XCTAssertThrowsError(try batches.nextBatch()) { error in
                XCTAssertEqual(error as? DLError, .fileAccess(path: "sample-13.png", reason: "unreadable"))
            }
            if prefetch {
                XCTAssertNil(try batches.nextBatch(), "a prefetched pass ends at its source's error")
                XCTAssertEqual(gathers.value, 4, "nothing gathered after the error")
            }
        }
        XCTAssertEqual(Dataset.prefetchingThreads, 0)
    }

    func testAMapErrorIsThrownByNextBatch() throws {
        struct Refused: Error {}
        let dataset = try Dataset(x: x, y: y).batched(5).prefetched().map { batch in
            if batch.y[0].scalars.first == 5 { throw Refused() }
            return batch
        }
        var batches = dataset.makeIterator()
        XCTAssertNotNil(try batches.nextBatch())
        XCTAssertThrowsError(try batches.nextBatch()) { XCTAssertTrue($0 is Refused) }
    }

    func testADepthBelowOneIsRefused() throws {
        XCTAssertThrowsError(try Dataset(x: x, y: y).prefetched(0)) { error in
            XCTAssertTrue("\(error)".contains("Dataset.prefetched"), "\(error)")
            XCTAssertTrue("\(error)".contains("Received: 0"), "\(error)")
        }
    }

    /// Polls `condition` for up to 20 seconds (no timing is asserted: it only waits).
    private func waitUntil(_ condition: () -> Bool) -> Bool {
        for _ in 0..<20_000 {
            if condition() { return true }
            usleep(1_000)
        }
        return condition()
    }

    /// The threads of this process (Linux: the entries of /proc/self/task).
    private static func liveThreadCount() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").count) ?? -1
    }
}

/// A count shared between threads.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func increment() { lock.withLock { count += 1 } }
}
