import DLData
import XCTest

/// A pass over one rank's share of every batch (data-parallel training): the shares of a batch,
/// in rank order, are the batch; their sizes differ by one at most, the first ranks taking the
/// extra rows; a share without rows has no tensors; prefetching changes nothing.
final class DatasetIteratorShardTests: XCTestCase {
    private let x = Tensor(shape: [10, 1], scalars: (0..<10).map(Float.init))
    private let y = Tensor((0..<10).map { Float($0 * 10) })

    /// Each batch's labels of shard `index` of `count`, `nil` for a share without rows.
    private func shares(_ dataset: Dataset, order: [Int]?, index: Int, count: Int) throws -> [[Float]?] {
        var iterator = dataset.makeIterator(order: order, shard: (index, count))
        var result: [[Float]?] = []
        while let batch = try iterator.nextBatch() {
            result.append(batch.x.isEmpty ? nil : batch.y[0].scalars)
            if !batch.x.isEmpty { XCTAssertEqual(batch.x[0].scalars.map { $0 * 10 }, batch.y[0].scalars) }
        }
        return result
    }

    func testSharesSplitEachBatchEvenlyInRankOrder() throws {
        for prefetch in [0, 2] {
            var dataset = try Dataset(x: x, y: y).batched(4)
            if prefetch > 0 { dataset = try dataset.prefetched(prefetch) }
            let order = [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]
            XCTAssertEqual(try shares(dataset, order: order, index: 0, count: 3), [[90, 80], [50, 40], [10]])
            XCTAssertEqual(try shares(dataset, order: order, index: 1, count: 3), [[70], [30], [0]])
            XCTAssertEqual(try shares(dataset, order: order, index: 2, count: 3), [[60], [20], nil])
            XCTAssertEqual(try shares(dataset, order: nil, index: 1, count: 2), [[20, 30], [60, 70], [90]])
            XCTAssertEqual(try shares(dataset, order: nil, index: 0, count: 1), [[0, 10, 20, 30], [40, 50, 60, 70], [80, 90]])
        }
    }
}
