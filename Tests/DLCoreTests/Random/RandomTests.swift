import DLCore
import DLTestSupport
import XCTest

final class RandomTests: XCTestCase {
    func testGlobalSeedMakesEverythingRepeatable() {
        func draw() -> (Tensor, Tensor, [Int], Float) {
            (Tensor.randomNormal([50]), Tensor.randomUniform([50], min: -2, max: 3), Random.permutation(20), Random.uniform())
        }
        Random.seed(42)
        let first = draw()
        Random.seed(42)
        let second = draw()
        XCTAssertEqual(first.0, second.0)
        XCTAssertEqual(first.1, second.1)
        XCTAssertEqual(first.2, second.2)
        XCTAssertEqual(first.3, second.3)
        Random.seed(43)
        XCTAssertNotEqual(draw().0, first.0)
        XCTAssertEqual(first.2.sorted(), Array(0..<20))
    }

    func testExplicitSeedIsRepeatableAndIndependentOfGlobalState() {
        Random.seed(1)
        let a = Tensor.randomNormal([10], seed: 7)
        _ = Random.permutation(100)
        let b = Tensor.randomNormal([10], seed: 7)
        XCTAssertEqual(a, b)
        XCTAssertEqual(Tensor.randomUniform([10], seed: 7), Tensor.randomUniform([10], seed: 7))
        XCTAssertNotEqual(Tensor.randomUniform([10], seed: 7), Tensor.randomUniform([10], seed: 8))
        XCTAssertEqual(Tensor.truncatedNormal([10], seed: 3), Tensor.truncatedNormal([10], seed: 3))
    }

    func testDistributions() {
        let normal = Tensor.randomNormal([100_000], mean: 2, stddev: 3, seed: 11).scalars
        let mean = normal.reduce(0.0) { $0 + Double($1) } / Double(normal.count)
        let variance = normal.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(normal.count)
        XCTAssertEqual(mean, 2, accuracy: 0.05)
        XCTAssertEqual(variance.squareRoot(), 3, accuracy: 0.05)

        let uniform = Tensor.randomUniform([100_000], min: -1, max: 3, seed: 12).scalars
        XCTAssertTrue(uniform.allSatisfy { $0 >= -1 && $0 < 3 })
        XCTAssertEqual(uniform.reduce(0.0) { $0 + Double($1) } / Double(uniform.count), 1, accuracy: 0.03)

        let truncated = Tensor.truncatedNormal([10_000], mean: 0, stddev: 1, seed: 13).scalars
        XCTAssertTrue(truncated.allSatisfy { Swift.abs($0) <= 2 })
    }
}
