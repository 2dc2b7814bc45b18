import DL
import DLTestSupport
import XCTest

final class RandomBrightnessTests: XCTestCase {
    /// x + δ per image, clipped to the value range.
    func testBrightnessByDefinition() {
        let x = PreprocessingFixtures.images([2, 3, 4, 2])
        let y = RandomBrightness(0.5, valueRange: (0, 1)).apply(x, deltas: [0.3, -0.2])
        for (i, v) in x.scalars.enumerated() {
            XCTAssertEqual(y.scalars[i], Swift.min(Swift.max(v + (i < 24 ? 0.3 : -0.2), 0), 1), accuracy: 1e-7)
        }
    }

    /// δ = u · (high − low) with u in [−factor, factor]: one shift per image, within the bound.
    func testShiftsScaleWithTheValueRange() {
        let x = Tensor(repeating: 100, shape: [16, 2, 2, 1])
        let y = RandomBrightness(0.1, seed: 3)(x, training: true)
        for b in 0..<16 {
            let image = y.slice(axis: 0, b..<(b + 1)).scalars
            XCTAssertEqual(Set(image).count, 1)
            XCTAssertLessThanOrEqual(Swift.abs(image[0] - 100), 25.5 + 1e-4)
        }
        XCTAssertGreaterThan(Set(y.scalars).count, 8)
    }

    func testSeededAndIdentityOutsideTraining() {
        PreprocessingFixtures.assertSeededAndIdentity { RandomBrightness(0.3, valueRange: (0, 1), seed: 2) }
    }

    func testBadFactorsAndValueRangeOrder() throws {
        XCTAssertThrowsError(try RandomBrightness(1.5).buildIfNeeded([[4, 4, 3]])) { error in
            XCTAssertTrue("\(error)".contains("Received: factor="), "\(error)")
        }
        let layer = try XCTUnwrap(try RandomBrightness.fromConfig(["factor": 0.2, "value_range": [1, 0]]) as? RandomBrightness)
        XCTAssertEqual([layer.valueRange.lower, layer.valueRange.upper], [0, 1])
        XCTAssertEqual(layer.getConfig()["value_range"], [.int(0), .int(1)])
    }
}
