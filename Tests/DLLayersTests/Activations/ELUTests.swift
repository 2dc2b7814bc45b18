import DL
import DLTestSupport
import XCTest

final class ELUTests: XCTestCase {
    func testConformance() {
        assertLayerConforms({ ELU() }, inputShape: [3, 4])
        assertLayerConforms({ ELU(alpha: 0.5) }, inputShape: [2, 3, 2])
    }

    func testWorkedExample() {
        let y = ELU(alpha: 2)(Tensor([-1, 0, 3]))
        XCTAssertEqual(y.scalars[0], 2 * (expf(-1) - 1), accuracy: 1e-6)
        XCTAssertEqual(Array(y.scalars[1...]), [0, 3])
    }

    func testOutputEqualsKeras() throws {
        try KerasOutputCase("elu").assertMatches(ELU(alpha: 0.7))
    }

    func testKerasConfig() throws {
        let entry = try KerasFixtures.load("layers", "depthwise.elu.json")
        XCTAssertEqual((try ELU.fromConfig(try XCTUnwrap(entry["config"])) as? ELU)?.alpha, 0.5)
        XCTAssertEqual(ELU(name: "e").getConfig()["alpha"], 1.0)
    }

    func testBadArgumentsAreDLErrors() {
        XCTAssertThrowsError(try ELU(alpha: .nan).computeOutputShape([3])) {
            XCTAssertTrue("\($0)".contains("Received: alpha=nan"), "\($0)")
        }
        XCTAssertThrowsError(try ELU.fromConfig(["alpha": "one"]))
        XCTAssertThrowsError(try ELU.fromConfig(["beta": 1]))
    }
}

#if canImport(Glibc)
import Glibc
#endif
