import DLCore
import XCTest

/// A variable's version advances on every kind of write, an in-place update stays in place, and
/// the derived scalars it keeps are made once per version and never outlive a write.
final class VariableDerivedScalarsTests: XCTestCase {
    private func sum(_ scalars: UnsafeBufferPointer<Float>) -> [Float] { [scalars.reduce(0, +)] }

    func testEveryWriteAdvancesTheVersion() {
        let variable = Variable(Tensor([1, 2, 3]), name: "w")
        var last = variable.version
        func expectAdvanced(_ what: String) {
            XCTAssertNotEqual(variable.version, last, what)
            last = variable.version
        }
        variable.value = Tensor([4, 5, 6]); expectAdvanced("value =")
        variable.assign(Tensor([7, 8, 9])); expectAdvanced("assign")
        variable.updateScalarsInPlace { $0[0] = 10 }; expectAdvanced("updateScalarsInPlace")
        _ = variable.value; _ = variable.storedValue.scalars
        XCTAssertEqual(variable.version, last, "reads leave the version")
    }

    func testInPlaceUpdateDoesNotCopyTheBuffer() {
        let variable = Variable(Tensor(shape: [1 << 12], scalars: [Float](repeating: 1, count: 1 << 12)), name: "w")
        let before = variable.storedValue.withUnsafeBufferPointer { $0.baseAddress }
        variable.updateScalarsInPlace { $0[7] = 2 }
        XCTAssertEqual(variable.storedValue.withUnsafeBufferPointer { $0.baseAddress }, before)
        XCTAssertEqual(variable.storedValue.scalars[7], 2)
    }

    func testDerivedScalarsAreMadeOncePerVersionAndKey() {
        let variable = Variable(Tensor([1, 2, 3]), name: "w")
        var calls = 0
        func derived(_ key: Int = 0) -> [Float] {
            variable.derivedScalars(of: variable.value, key: key) { calls += 1; return sum($0) }
        }
        XCTAssertEqual(derived(), [6]); XCTAssertEqual(derived(), [6]); XCTAssertEqual(calls, 1)
        XCTAssertEqual(derived(1), [6]); XCTAssertEqual(calls, 2, "another key")
        variable.value = Tensor([1, 1, 1]); XCTAssertEqual(derived(1), [3]); XCTAssertEqual(calls, 3)
        variable.assign(Tensor([2, 2, 2])); XCTAssertEqual(derived(1), [6]); XCTAssertEqual(calls, 4)
        variable.updateScalarsInPlace { $0[0] = 5 }; XCTAssertEqual(derived(1), [9]); XCTAssertEqual(calls, 5)
        XCTAssertEqual(derived(1), [9]); XCTAssertEqual(calls, 5)
    }

    func testAnotherTensorIsDerivedEachTimeAndNotCached() {
        let variable = Variable(Tensor([1, 2, 3]), name: "w")
        var calls = 0
        let other = Tensor([1, 2, 3])   // equal scalars, another buffer
        for _ in 0..<2 {
            XCTAssertEqual(variable.derivedScalars(of: other, key: 0) { calls += 1; return sum($0) }, [6])
        }
        XCTAssertEqual(calls, 2)
        // A copy of the value modified afterwards is a new buffer: never the variable's cache.
        var copy = variable.value
        copy.withUnsafeMutableBufferPointer { $0[0] = 100 }
        XCTAssertEqual(variable.derivedScalars(of: copy, key: 0) { calls += 1; return sum($0) }, [105])
        XCTAssertEqual(variable.derivedScalars(of: variable.value, key: 0) { calls += 1; return sum($0) }, [6])
        XCTAssertEqual(calls, 4)
    }
}
