import DLData
import XCTest

final class DatasetTests: XCTestCase {
    /// Ten samples: x row i is [i, 10 i], y is i.
    private let x = Tensor(shape: [10, 2], scalars: (0..<10).flatMap { [Float($0), Float(10 * $0)] })
    private let y = Tensor((0..<10).map(Float.init))

    private func labels(of dataset: Dataset) -> [[Float]] { dataset.map { $0.y[0].scalars } }

    func testBatchesFollowTheStoredOrderWithASmallerLastBatch() throws {
        let dataset = try Dataset(x: x, y: y).batched(4)
        XCTAssertEqual(dataset.count, 10)
        XCTAssertEqual(dataset.batchCount, 3)
        XCTAssertEqual(labels(of: dataset), [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]])
        let last = Array(dataset)[2]
        XCTAssertEqual(last.x[0], Tensor([[8, 80], [9, 90]]))
        XCTAssertEqual(try Dataset(x: x, y: y).batchSize, 32, "Keras's default batch size")
    }

    func testShuffledPassesVisitEverySampleOnceInANewOrder() throws {
        Random.seed(7)
        let dataset = try Dataset(x: x, y: y).batched(3).shuffled()
        let first = labels(of: dataset), second = labels(of: dataset)
        XCTAssertEqual(first.flatMap { $0 }.sorted(), y.scalars)
        XCTAssertEqual(second.flatMap { $0 }.sorted(), y.scalars)
        XCTAssertNotEqual(first, second, "each pass draws a new order")
        for batch in dataset {
            XCTAssertEqual(batch.x[0].scalars, batch.y[0].scalars.flatMap { [$0, 10 * $0] }, "x and y stay paired")
        }
        Random.seed(7)
        XCTAssertEqual(labels(of: dataset), first, "the same seed gives the same order")
    }

    func testFirstBatchDrawsNoShuffle() throws {
        let dataset = try Dataset(x: x, y: y).batched(4).shuffled()
        Random.seed(3)
        let expected = Random.permutation(10)
        Random.seed(3)
        XCTAssertEqual(dataset.firstBatch?.y, [Tensor([0, 1, 2, 3])])
        XCTAssertEqual(Random.permutation(10), expected)
    }

    func testMapTransformsEveryBatchInOrder() throws {
        let dataset = try Dataset(x: x, y: y).batched(5)
            .map { batch in (batch.x.map { $0 * 2 }, batch.y) }
            .map { batch in (batch.x, batch.y.map { $0 + 100 }) }
        let batches = Array(dataset)
        XCTAssertEqual(batches[1].x[0], Tensor([[10, 100], [12, 120], [14, 140], [16, 160], [18, 180]]))
        XCTAssertEqual(batches[1].y, [Tensor([105, 106, 107, 108, 109])])
    }

    func testSeveralInputsStayAligned() throws {
        let dataset = try Dataset(x: [x, y * -1], y: y).batched(4).shuffled()
        for batch in dataset {
            XCTAssertEqual(batch.x.count, 2)
            XCTAssertEqual(batch.x[1].scalars, batch.y[0].scalars.map { -$0 })
        }
    }

    func testInputsOnlyHaveEmptyTargets() throws {
        let batches = Array(try Dataset(x: [x]).batched(6))
        XCTAssertEqual(batches.map { $0.y.count }, [0, 0])
        XCTAssertEqual(batches[1].x[0].shape, [4, 2])
    }

    func testSeveralTargetsStayAlignedWithTheInputs() throws {
        let dataset = try Dataset(x: [x], y: [y, y * 2]).batched(4).shuffled()
        XCTAssertEqual(dataset.count, 10)
        for batch in dataset {
            XCTAssertEqual(batch.y.count, 2)
            XCTAssertEqual(batch.y[1].scalars, batch.y[0].scalars.map { 2 * $0 })
            XCTAssertEqual(batch.x[0].scalars, batch.y[0].scalars.flatMap { [$0, 10 * $0] })
        }
        assertInvalidArgument(containing: ["different sample counts", "10 and 9"]) { _ = try Dataset(x: [x], y: [y, y[0..<9]]) }
        assertInvalidArgument(containing: ["no target tensors"]) { _ = try Dataset(x: [x], y: [Tensor]()) }
    }

    func testImagesAreConvertedPerBatchAndReshaped() throws {
        let bytes = ByteTensor(shape: [3, 2, 2], bytes: [0, 51, 102, 255, 1, 2, 3, 4, 5, 6, 7, 8])
        let dataset = try Dataset(images: bytes, labels: Tensor([4, 5, 6]), sampleShape: [4]).batched(2)
        let batches = Array(dataset)
        XCTAssertEqual(batches[0].x[0].shape, [2, 4])
        XCTAssertEqual(batches[0].x[0].scalars, [0, 51, 102, 255, 1, 2, 3, 4].map { Float($0) * (1 / 255) })
        XCTAssertEqual(batches[1].y, [Tensor([6])])

        let autoencoding = try Dataset(images: bytes, labels: nil, scale: 1).batched(3)
        let only = try XCTUnwrap(autoencoding.firstBatch)
        XCTAssertEqual(only.x[0].shape, [3, 2, 2])
        XCTAssertEqual(only.y, [only.x[0]], "without labels each image is its own target")
    }

    func testBadArgumentsThrowNamingTheProblem() throws {
        assertInvalidArgument(containing: ["different sample counts", "10 and 9"]) { _ = try Dataset(x: x, y: y[0..<9]) }
        assertInvalidArgument(containing: ["no input tensors"]) { _ = try Dataset(x: [], y: y) }
        assertInvalidArgument(containing: ["sample dimension"]) { _ = try Dataset(x: Tensor(3), y: y) }
        assertInvalidArgument(containing: ["batch size must be positive", "0"]) { _ = try Dataset(x: x, y: y).batched(0) }
        let bytes = ByteTensor(shape: [2, 2, 2], bytes: [UInt8](repeating: 1, count: 8))
        assertInvalidArgument(containing: ["sampleShape [3]", "[2, 2]"]) {
            _ = try Dataset(images: bytes, labels: nil, sampleShape: [3])
        }
        assertInvalidArgument(containing: ["2 and 3"]) { _ = try Dataset(images: bytes, labels: Tensor([1, 2, 3])) }
    }

    private func assertInvalidArgument(containing fragments: [String], line: UInt = #line, _ body: () throws -> Void) {
        XCTAssertThrowsError(try body(), line: line) { error in
            guard case let DLError.invalidArgument(_, message) = error else {
                return XCTFail("expected DLError.invalidArgument, got \(error)", line: line)
            }
            for fragment in fragments { XCTAssertTrue(message.contains(fragment), "\(message) lacks \(fragment)", line: line) }
        }
    }
}
