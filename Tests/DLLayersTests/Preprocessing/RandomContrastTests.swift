import DL
import DLTestSupport
import XCTest

final class RandomContrastTests: XCTestCase {
    /// (x − mean) · f + mean per channel per image, clipped to the value range.
    func testContrastByDefinition() {
        let x = PreprocessingFixtures.images([2, 3, 4, 2])
        let layer = RandomContrast(0.5, valueRange: (0, 1))
        let y = layer.apply(x, factors: [1.5, 0.25])
        let s = x.scalars
        for b in 0..<2 {
            for c in 0..<2 {
                var mean: Float = 0
                for p in 0..<12 { mean += s[b * 24 + p * 2 + c] }
                mean /= 12
                for p in 0..<12 {
                    let i = b * 24 + p * 2 + c
                    let expected = Swift.min(Swift.max((s[i] - mean) * [1.5, 0.25][b] + mean, 0), 1)
                    XCTAssertEqual(y.scalars[i], expected, accuracy: 1e-6)
                }
            }
        }
    }

    /// Keras 3 draws the factor from [1 − lower, 1 + upper]; a number f means [0, f], so f ∈ [1, 1 + f].
    func testFactorRangeAsKeras() {
        let layer = RandomContrast(0.3)
        XCTAssertEqual([layer.factor.lower, layer.factor.upper], [0, 0.3])
        XCTAssertEqual(layer.getConfig()["factor"], [.int(0), .float(0.3)])
        let x = PreprocessingFixtures.images([64, 2, 2, 1]).mapScalarsForTest { $0 * 255 }
        let y = RandomContrast(0.3, seed: 4)(x, training: true)
        for b in 0..<64 {
            let a = x.slice(axis: 0, b..<(b + 1)).scalars, o = y.slice(axis: 0, b..<(b + 1)).scalars
            let mean = a.reduce(0, +) / 4
            let spreadIn = a.map { Swift.abs($0 - mean) }.max()!, spreadOut = o.map { Swift.abs($0 - mean) }.max()!
            XCTAssertGreaterThanOrEqual(spreadOut, spreadIn * 0.9999)
            XCTAssertLessThanOrEqual(spreadOut, spreadIn * 1.3001)
        }
    }

    func testSeededAndIdentityOutsideTraining() {
        PreprocessingFixtures.assertSeededAndIdentity { RandomContrast(0.5, valueRange: (0, 1), seed: 2) }
    }

    func testBadFactorsAreReported() {
        XCTAssertThrowsError(try RandomContrast(1.5).buildIfNeeded([[4, 4, 3]])) { error in
            XCTAssertTrue("\(error)".contains("Received: factor="), "\(error)")
        }
        XCTAssertThrowsError(try RandomContrast.fromConfig(["factor": [1.2, 1.5]]))
        XCTAssertThrowsError(try RandomContrast.fromConfig(["factor": "big"]))
    }
}

extension Tensor {
    /// The tensor with `f` applied to each scalar (test helper).
    func mapScalarsForTest(_ f: (Float) -> Float) -> Tensor { Tensor(shape: shape, scalars: scalars.map(f)) }
}
