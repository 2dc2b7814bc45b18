import DLCore
import DLTestSupport
import XCTest

/// TensorFlow's resize taps on small worked examples (the Keras fixtures of `ResizingTests` check
/// them on whole images).
final class ResizeTapsTests: XCTestCase {
    /// TensorFlow's nearest with half-pixel centres: 3 → 6 reads 0 0 1 1 2 2; 6 → 4 reads ⌊1.5·(r + 0.5)⌋ = 0 2 3 5.
    func testNearestTaps() {
        XCTAssertEqual(ResizeTaps.make(.nearest, length: 3, outputLength: 6).index, [0, 0, 1, 1, 2, 2])
        XCTAssertEqual(ResizeTaps.make(.nearest, length: 6, outputLength: 4).index, [0, 2, 3, 5])
    }

    /// Area 4 → 2 averages pairs; 3 → 2 gives each output 1 full row and half of the middle one, / 1.5.
    func testAreaTaps() {
        let halves = ResizeTaps.make(.area, length: 4, outputLength: 2)
        XCTAssertEqual(halves.start, [0, 2, 4])
        XCTAssertEqual(halves.index, [0, 1, 2, 3])
        XCTAssertEqual(halves.weight, [0.5, 0.5, 0.5, 0.5])
        let thirds = ResizeTaps.make(.area, length: 3, outputLength: 2)
        XCTAssertEqual(thirds.index, [0, 1, 1, 2])
        assertScalarsClose(thirds.weight, [1 / 1.5, 0.5 / 1.5, 0.5 / 1.5, 1 / 1.5], accuracy: 1e-6)
    }

    /// Bicubic at an exact source pixel is that pixel (weights 0, 1, 0, 0); halfway between two, Keys's
    /// cubic gives −1/16, 9/16, 9/16, −1/16; at the border the outside tap gets weight 0 and the rest are renormalised.
    func testBicubicTaps() {
        let same = ResizeTaps.make(.bicubic, length: 5, outputLength: 5)
        for r in 0..<5 {
            let taps = (same.start[r]..<same.start[r + 1]).filter { same.weight[$0] != 0 }
            XCTAssertEqual(taps.map { same.index[$0] }, [r])
            XCTAssertEqual(taps.map { same.weight[$0] }, [1])
        }
        // 8 → 4: sources 0.5, 2.5, 4.5, 6.5, halfway between rows; output 1 reads rows 1...4, all inside.
        let half = ResizeTaps.make(.bicubic, length: 8, outputLength: 4)
        XCTAssertEqual(Array(half.index[4..<8]), [1, 2, 3, 4])
        assertScalarsClose(Array(half.weight[4..<8]), [-0.0625, 0.5625, 0.5625, -0.0625], accuracy: 1e-6)
        // Output 0 reads rows −1 (outside: weight 0, index clamped to 0), 0, 1, 2, renormalised by 1 / (1 + 1/16).
        XCTAssertEqual(Array(half.index[0..<4]), [0, 0, 1, 2])
        assertScalarsClose(Array(half.weight[0..<4]), [0, 0.5625 / 1.0625, 0.5625 / 1.0625, -0.0625 / 1.0625], accuracy: 1e-6)
        // Output 3 reads rows 5, 6, 7, 8 (outside: index clamped to 7).
        XCTAssertEqual(Array(half.index[12..<16]), [5, 6, 7, 7])
        assertScalarsClose(Array(half.weight[12..<16]), [-0.0625 / 1.0625, 0.5625 / 1.0625, 0.5625 / 1.0625, 0], accuracy: 1e-6)
    }

    /// Lanczos weights sum to 1 and a same-size resize is (to float rounding of sin(kπ)) the identity.
    func testLanczosTaps() {
        for radius in [ResizeInterpolation.lanczos3, .lanczos5] {
            let taps = ResizeTaps.make(radius, length: 7, outputLength: 3)
            for r in 0..<3 {
                let sum = (taps.start[r]..<taps.start[r + 1]).reduce(Float(0)) { $0 + taps.weight[$1] }
                XCTAssertEqual(sum, 1, accuracy: 1e-6)
            }
            let same = ResizeTaps.make(radius, length: 6, outputLength: 6)
            for r in 0..<6 {
                for k in same.start[r]..<same.start[r + 1] {
                    XCTAssertEqual(same.weight[k], same.index[k] == r ? 1 : 0, accuracy: 1e-6)
                }
            }
        }
    }
}
