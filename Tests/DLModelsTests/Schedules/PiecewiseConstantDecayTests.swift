import DL
import DLTestSupport
import XCTest

/// `PiecewiseConstantDecay` against Keras's rule, and its configuration.
final class PiecewiseConstantDecayTests: XCTestCase {
    func testPiecewiseConstantDecay() {
        // ≤ 100: 1.0; 101...200: 0.5; > 200: 0.1 (Keras's boundaries are inclusive on the left piece).
        let schedule = PiecewiseConstantDecay(boundaries: [100, 200], values: [1.0, 0.5, 0.1])
        assertScalarsClose([0, 100, 101, 200, 201, 10_000].map { schedule($0) }, [1, 1, 0.5, 0.5, 0.1, 0.1])
    }

    func testConfig() throws {
        let schedule = PiecewiseConstantDecay(boundaries: [100, 200], values: [1.0, 0.5, 0.1])
        let config: LayerConfig = ["boundaries": [100, 200], "values": [1.0, 0.5, 0.1], "name": "PiecewiseConstant"]
        XCTAssertEqual(schedule.getConfig(), config)
        let rebuilt = try PiecewiseConstantDecay.fromConfig(config)
        XCTAssertEqual(rebuilt.getConfig(), config)
        XCTAssertEqual(rebuilt.values, schedule.values)
        assertThrowsMentioning(["PiecewiseConstantDecay", "values", "2 boundaries, 2 values"]) {
            try PiecewiseConstantDecay.fromConfig(replacing(config, "values", with: [1.0, 0.5]))
        }
        assertThrowsMentioning(["PiecewiseConstantDecay", "values"]) {
            try PiecewiseConstantDecay.fromConfig(replacing(config, "values", with: [1.0, "half", 0.1]))
        }
    }
}
