import XCTest

/// Fails unless `actual` and `expected` hold the same floats bit for bit (so -0 ≠ +0), any NaN
/// matching any NaN (payloads may differ with operand order): for kernels that must give exactly
/// their reference's results, such as every vector variant of a dispatched C kernel.
public func assertSameBits(_ actual: [Float], _ expected: [Float], _ message: String,
                           file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.count, expected.count, message, file: file, line: line)
    for (index, (a, e)) in zip(actual, expected).enumerated() where !(a.isNaN && e.isNaN) && a.bitPattern != e.bitPattern {
        XCTFail("\(message): at \(index), \(a) instead of \(e)", file: file, line: line)
        return
    }
}
