import DLCore
import DLTestSupport
import XCTest

/// `check` and `trap` print their message in release builds too; each misuse below runs in a child
/// process (a trap ends the process) whose standard error must name what was received.
final class TrapTests: XCTestCase {
    func testCheckThatHoldsNeitherTrapsNorBuildsItsMessage() {
        var built = false
        check(1 + 1 == 2, { built = true; return "unused" }())
        XCTAssertFalse(built)
    }

    /// Swift's `precondition` and `preconditionFailure` lose their message in release builds: the
    /// modules users call directly go through `check` and `trap` only.
    func testNoPreconditionLeftInTheCoreLayersAndDataModules() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()   // Tests/DLCoreTests/Runtime
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources")
        var found: [String] = []
        for module in ["DLCore", "DLLayers", "DLData"] {
            let folder = sources.appendingPathComponent(module)
            let files = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []
            XCTAssertFalse(files.isEmpty, "no sources found in \(folder.path)")
            for file in files where file.hasSuffix(".swift") && file != "Runtime/Trap.swift" {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//")
                    && (line.contains("precondition(") || line.contains("preconditionFailure(") || line.contains("fatalError(")) {
                    found.append("\(module)/\(file):\(number + 1)")
                }
            }
        }
        XCTAssertEqual(found, [], "use check(_:_:) or trap(_:) instead (they print the message in release builds too)")
    }

    func testTrapWritesPrefixedMessageAndCallSite() {
        assertTraps(stderrContains: ["SwiftDL: something went wrong, received 42", "at DLCoreTests/TrapTests.swift:"]) {
            trap("something went wrong, received 42")
        }
    }

    func testReshapedToAnImpossibleShapeNamesBothShapes() {
        assertTraps(stderrContains: ["SwiftDL: reshaped: cannot reshape [2, 3] (6 scalars) to [4, 2]"]) {
            _ = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6]).reshaped([4, 2])
        }
    }

    func testMatmulOfMismatchedShapesNamesBothShapes() {
        assertTraps(stderrContains: ["SwiftDL: matmul: inner dimensions differ: [2, 3] · [4, 5]"]) {
            _ = matmul(Tensor.zeros([2, 3]), Tensor.zeros([4, 5]))
        }
    }

    func testTensorWithTheWrongScalarCount() {
        assertTraps(stderrContains: ["SwiftDL: Tensor(shape:scalars:): shape [2, 2] needs 4 scalars, received 3"]) {
            _ = Tensor(shape: [2, 2], scalars: [1, 2, 3])
        }
    }

    func testRaggedMatrixNamesTheRowsAndPadSequences() {
        assertTraps(stderrContains: ["SwiftDL: Tensor(_ matrix:): rows have different lengths (row 0 has 3, row 1 has 5)",
                                     "padSequences", "Received: rows of lengths 3 and 5"]) {
            _ = Tensor([[1, 2, 3], [1, 2, 3, 4, 5]])
        }
    }

    func testNegativeDimension() {
        assertTraps(stderrContains: ["SwiftDL: Tensor(repeating:shape:): negative dimension in [-1, 2]"]) {
            _ = Tensor.zeros([-1, 2])
        }
    }

    func testGatheringARowPastTheEnd() {
        assertTraps(stderrContains: ["SwiftDL: gathering(rows:): row 7 out of range 0..<2 for shape [2, 3]"]) {
            _ = Tensor.zeros([2, 3]).gathering(rows: [0, 7])
        }
    }

    func testSlicePastTheEndNamesRangeAndShape() {
        assertTraps(stderrContains: ["SwiftDL: subscript: rows 1..<5 out of range for shape [3, 2]"]) {
            _ = Tensor.zeros([3, 2])[1..<5]
        }
        // A second case in the same test would never run in the child: one trap per test.
    }

    func testSliceAlongAnAxisPastTheEnd() {
        assertTraps(stderrContains: ["SwiftDL: slice: range 2..<4 out of bounds for axis 1 of shape [3, 3]"]) {
            _ = Tensor.zeros([3, 3]).slice(axis: 1, 2..<4)
        }
    }

    func testElementWiseOpOfShapesThatDoNotBroadcast() {
        assertTraps(stderrContains: ["[2, 3] and [4]", "cannot be broadcast together"]) {
            _ = Tensor.zeros([2, 3]) + Tensor.zeros([4])
        }
    }
}
