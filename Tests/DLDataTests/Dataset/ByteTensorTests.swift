import DLData
import XCTest

final class ByteTensorTests: XCTestCase {
    private let images = ByteTensor(shape: [3, 2, 2], bytes: [0, 1, 2, 3, 10, 20, 30, 40, 255, 128, 64, 7])

    func testTensorConvertsAndScalesEveryByte() {
        XCTAssertEqual(images.tensor(), Tensor(shape: [3, 2, 2], scalars: images.bytes.map(Float.init)))
        XCTAssertEqual(images.tensor(scale: 0.5).scalars, images.bytes.map { Float($0) * 0.5 })
    }

    func testGatheringPicksRowsInOrderAndScales() {
        let batch = images.gathering(rows: [2, 0, 2], scale: 2)
        XCTAssertEqual(batch.shape, [3, 2, 2])
        XCTAssertEqual(batch.scalars, [510, 256, 128, 14, 0, 2, 4, 6, 510, 256, 128, 14])
        XCTAssertEqual(images.gathering(rows: []).shape, [0, 2, 2])
    }

    func testConversionOfLongRunsMatchesTheScalarFormula() {
        // 1,000 values: the vectorized body and a remainder that is not a multiple of the vector width.
        let bytes = (0..<1001).map { UInt8(truncatingIfNeeded: $0 &* 97) }
        let long = ByteTensor(shape: [1, 1001], bytes: bytes)
        let scale: Float = 1 / 255
        XCTAssertEqual(long.gathering(rows: [0], scale: scale).scalars, bytes.map { Float($0) * scale })
    }

    func testGatheringABatchLargeEnoughForTheWorkersMatchesRowByRow() {
        // 300 rows of 784 bytes: bands of rows on the workers; every row must land in its place.
        let (rows, size) = (300, 784)
        let bytes = (0..<(rows * size)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 / size) }
        let images = ByteTensor(shape: [rows, 28, 28], bytes: bytes)
        let order = (0..<rows).map { ($0 * 7 + 3) % rows }
        let batch = images.gathering(rows: order, scale: 0.5)
        XCTAssertEqual(batch.shape, [rows, 28, 28])
        XCTAssertEqual(batch.scalars, order.flatMap { row in bytes[(row * size)..<((row + 1) * size)].map { Float($0) * 0.5 } })
    }

    func testSlicingAndReshaping() {
        XCTAssertEqual(images[1..<3], ByteTensor(shape: [2, 2, 2], bytes: [10, 20, 30, 40, 255, 128, 64, 7]))
        XCTAssertEqual(images.reshaped([-1, 4]).shape, [3, 4])
        XCTAssertEqual(images.reshaped([3, 4]).bytes, images.bytes)
        XCTAssertEqual(images.sampleSize, 4)
        XCTAssertEqual(images.rank, 3)
    }
}
