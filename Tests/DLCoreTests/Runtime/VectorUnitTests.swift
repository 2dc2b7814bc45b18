import DLCore
import XCTest

/// The run-time choice of the C kernels' instruction set.
final class VectorUnitTests: XCTestCase {
    override func tearDown() {
        VectorUnit.force(nil)
        super.tearDown()
    }

    /// Every supported unit can be forced and is then active; nil goes back to the automatic choice,
    /// which is the best the CPU supports unless SWIFTDL_ISA asks for less.
    func testForceAndAutomaticChoice() {
        let supported = VectorUnit.supported
        XCTAssertEqual(supported.first, .portable)
        XCTAssertEqual(supported.last, VectorUnit.best)
        for unit in supported {
            XCTAssertTrue(VectorUnit.force(unit))
            XCTAssertEqual(VectorUnit.active, unit)
        }
        XCTAssertTrue(VectorUnit.force(nil))
        let requested = ProcessInfo.processInfo.environment["SWIFTDL_ISA"].flatMap { name in
            VectorUnit.allCases.first { $0.name == name }
        }
        let expected = requested.map { $0.rawValue < VectorUnit.best.rawValue ? $0 : VectorUnit.best } ?? VectorUnit.best
        XCTAssertEqual(VectorUnit.active, expected)
    }

    /// A unit the CPU lacks is refused and changes nothing.
    func testUnsupportedUnitIsRefused() throws {
        let best = VectorUnit.best
        guard let beyond = VectorUnit(rawValue: best.rawValue + 1) else {
            throw XCTSkip("this CPU supports every variant (best: \(best.name))")
        }
        XCTAssertTrue(VectorUnit.force(.portable))
        XCTAssertFalse(VectorUnit.force(beyond))
        XCTAssertEqual(VectorUnit.active, .portable)
    }

    func testNamesAndCPUModel() {
        XCTAssertEqual(VectorUnit.allCases.map(\.name), ["portable", "avx2", "avx512"])
        XCTAssertFalse(VectorUnit.cpuModel.isEmpty)
    }
}
