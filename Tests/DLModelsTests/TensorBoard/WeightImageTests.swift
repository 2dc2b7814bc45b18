import DLCore
import DLModels
import XCTest

final class WeightImageTests: XCTestCase {
    private func layout(_ shape: [Int]) -> (shape: [Int], values: [Float])? {
        let count = shape.reduce(1, *)
        return WeightImage.images(of: Tensor(shape: shape, scalars: (0..<count).map(Float.init))).map { ($0.shape, $0.scalars) }
    }

    func testBiasIsOneColumn() {
        XCTAssertEqual(layout([3])?.shape, [1, 3, 1, 1])
        XCTAssertEqual(layout([3])?.values, [0, 1, 2])
    }

    func testDenseKernelIsWiderThanHigh() {
        // [4, 2] is transposed to [2, 4]; [2, 4] stays.
        XCTAssertEqual(layout([4, 2])?.shape, [1, 2, 4, 1])
        XCTAssertEqual(layout([4, 2])?.values, [0, 2, 4, 6, 1, 3, 5, 7])
        XCTAssertEqual(layout([2, 4])?.shape, [1, 2, 4, 1])
        XCTAssertEqual(layout([2, 4])?.values, (0..<8).map(Float.init))
    }

    func testConvolutionKernelGivesOneImagePerFilter() {
        // [2, 2, 1, 3] squeezes to [2, 2, 3]; filter f is values f, f + 3, f + 6, f + 9.
        XCTAssertEqual(layout([2, 2, 1, 3])?.shape, [3, 2, 2, 1])
        XCTAssertEqual(layout([2, 2, 1, 3])?.values, [0, 3, 6, 9, 1, 4, 7, 10, 2, 5, 8, 11])
    }

    func testFourDimensionsAsKerasTakesThem() {
        XCTAssertEqual(layout([3, 3, 2, 4])?.shape, [3, 3, 2, 4])
        XCTAssertEqual(layout([3, 3, 2, 4])?.values, (0..<72).map(Float.init))
        XCTAssertNil(layout([3, 3, 2, 5]))
        XCTAssertNil(layout([1]))
        XCTAssertNil(layout([2, 2, 2, 2, 2]))
    }
}
