import DLData
import DLTestSupport
import XCTest

/// `SiamesePairs`: balanced same/different pairs whose labels say whether both rows share a class,
/// repeatable with a seed, as a two-input `Dataset`; bad input is a `DLError` naming it.
final class SiamesePairsTests: XCTestCase {
    /// 30 samples of 3 classes with 10, 12 and 8 samples; sample `i` holds the value `i` in
    /// every position, so that a gathered image tells its row.
    private let classOf: [Float] = (0..<30).map { Float($0 < 10 ? 0 : $0 < 22 ? 1 : 2) }
    private var x: Tensor { Tensor(shape: [30, 2, 2, 1], scalars: (0..<30).flatMap { Array(repeating: Float($0), count: 4) }) }
    private var y: Tensor { Tensor(classOf) }

    func testPairsAreBalancedAndLabelledByClass() throws {
        let pairs = try SiamesePairs(x: x, y: y, count: 1001, seed: 5)
        XCTAssertEqual(pairs.count, 1001)
        XCTAssertEqual(pairs.labels.shape, [1001, 1])
        XCTAssertEqual(pairs.labels.scalars.filter { $0 == 1 }.count, 501, "same then different, alternately")
        for i in 0..<pairs.count {
            let same = classOf[pairs.left[i]] == classOf[pairs.right[i]]
            XCTAssertEqual(pairs.labels.scalars[i], same ? 1 : 0, "pair \(i)")
            XCTAssertNotEqual(pairs.left[i], pairs.right[i], "a same pair joins two different samples")
        }
        // Every class and nearly every sample takes part.
        let sameClasses = Set((0..<pairs.count).filter { $0 % 2 == 0 }.map { classOf[pairs.left[$0]] })
        XCTAssertEqual(sameClasses, [0, 1, 2])
        XCTAssertGreaterThan(Set(pairs.left + pairs.right).count, 28)
    }

    func testASeedRepeatsThePairsAndTheGlobalGeneratorIsUsedWithout() throws {
        let a = try SiamesePairs(x: x, y: y, count: 50, seed: 9), b = try SiamesePairs(x: x, y: y, count: 50, seed: 9)
        XCTAssertEqual(a.left, b.left)
        XCTAssertEqual(a.right, b.right)
        XCTAssertNotEqual(try SiamesePairs(x: x, y: y, count: 50, seed: 10).left, a.left)
        Random.seed(3)
        let first = try SiamesePairs(x: x, y: y, count: 50)
        Random.seed(3)
        XCTAssertEqual(try SiamesePairs(x: x, y: y, count: 50).left, first.left)
    }

    func testTheDatasetGathersTheLeftAndRightImagesAndTheLabels() throws {
        let pairs = try SiamesePairs(x: x, y: Tensor(shape: [30, 1], scalars: classOf), count: 7, seed: 2)
        let batches = Array(try pairs.dataset.batched(4))
        XCTAssertEqual(batches.count, 2)
        XCTAssertEqual(batches.map { $0.x.count }, [2, 2])
        XCTAssertEqual(batches[0].x[0].shape, [4, 2, 2, 1])
        XCTAssertEqual(batches[1].y[0].shape, [3, 1])
        let left = batches.flatMap { $0.x[0].scalars.enumerated().filter { $0.offset % 4 == 0 }.map { Int($0.element) } }
        let right = batches.flatMap { $0.x[1].scalars.enumerated().filter { $0.offset % 4 == 0 }.map { Int($0.element) } }
        XCTAssertEqual(left, pairs.left)
        XCTAssertEqual(right, pairs.right)
        XCTAssertEqual(batches.flatMap { $0.y[0].scalars }, pairs.labels.scalars)
    }

    func testBadInputIsADLErrorNamingIt() {
        let lone = Tensor(classOf.enumerated().map { $0.offset == 29 ? 7 : $0.element })   // class 7: one sample
        XCTAssertEqual(thrownMessage { try SiamesePairs(x: x, y: lone, count: 10) },
                       "SiamesePairs(x:y:count:seed:): class 7 has 1 sample; a same-class pair needs two samples of "
                       + "every class. Received: y with class counts [0: 10, 1: 12, 2: 7, 7: 1]")
        XCTAssertTrue(thrownMessage { try SiamesePairs(x: x, y: y, count: 0) }.hasSuffix("count must be positive. Received: count=0"))
        XCTAssertTrue(thrownMessage { try SiamesePairs(x: x, y: Tensor.zeros([30]), count: 4) }
            .contains("different-class pairs need at least two classes. Received: y with class counts [0: 30]"))
        XCTAssertTrue(thrownMessage { try SiamesePairs(x: x, y: Tensor.zeros([29]), count: 4) }
            .contains("x and y have different sample counts. Received: x of shape [30, 2, 2, 1] and y of shape [29]"))
        XCTAssertTrue(thrownMessage { try SiamesePairs(x: x, y: Tensor.zeros([30, 3]), count: 4) }
            .contains("one class id a sample"))
        XCTAssertTrue(thrownMessage { try SiamesePairs(x: x, y: y + 0.5, count: 4) }
            .contains("class ids must be whole numbers. Received: y[0] = 0.5"))
    }
}
