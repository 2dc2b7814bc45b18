import DLModels
import XCTest

final class HistogramBucketsTests: XCTestCase {
    private typealias Row = HistogramBuckets.Row

    func testWorkedExample() {
        // min 0, max 3, width 1: 3 lands in the last bucket (clamped), which is closed.
        XCTAssertEqual(HistogramBuckets.compute([3, 0, 1, 2], bucketCount: 3),
                       [Row(left: 0, right: 1, count: 1), Row(left: 1, right: 2, count: 1), Row(left: 2, right: 3, count: 2)])
    }

    func testSingleValueEmptyAndNoBuckets() {
        XCTAssertEqual(HistogramBuckets.compute([2, 2], bucketCount: 3),
                       [Row(left: 2, right: 2, count: 0), Row(left: 2, right: 2, count: 0), Row(left: 2, right: 2, count: 2)])
        XCTAssertEqual(HistogramBuckets.compute([], bucketCount: 2), [Row(left: 0, right: 0, count: 0), Row(left: 0, right: 0, count: 0)])
        XCTAssertEqual(HistogramBuckets.compute([1, 2], bucketCount: 0), [])
    }

    func testDefaultCountsEveryValueOnce() {
        let values = (0..<1000).map { Float(sin(Double($0))) }
        let rows = HistogramBuckets.compute(values)
        XCTAssertEqual(rows.count, 30)
        XCTAssertEqual(rows.map(\.count).reduce(0, +), 1000)
        XCTAssertEqual(rows.first?.left, Double(values.min() ?? 0))
        XCTAssertEqual(rows.last?.right, Double(values.max() ?? 0))
        for (row, next) in zip(rows, rows.dropFirst()) { XCTAssertEqual(row.right, next.left) }
        // Each value lies in its bucket (the last closed on the right).
        for value in values.map(Double.init) {
            let index = rows.firstIndex { value >= $0.left && value < $0.right } ?? rows.count - 1
            XCTAssertTrue(value >= rows[index].left && value <= rows[index].right)
        }
    }
}
