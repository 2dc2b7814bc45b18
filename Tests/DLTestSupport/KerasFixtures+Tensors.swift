import DL
import XCTest

// The two pieces every output fixture test shares: reading a tensor a generator script wrote, and
// comparing a SwiftDL result with Keras's.

extension KerasFixtures {
    /// A tensor written by a generator script as `{"shape": [...], "values": [...]}`.
    /// - Throws: when `value` is missing or not in that form (`fixture` names the file in the failure).
    public static func tensor(_ value: LayerConfig?, in fixture: String) throws -> Tensor {
        let shape = try XCTUnwrap(value?["shape"]?.arrayValue, "\(fixture): shape").map { try XCTUnwrap($0.intValue) }
        let values = try XCTUnwrap(value?["values"]?.arrayValue, "\(fixture): values").map { try XCTUnwrap($0.doubleValue) }
        return Tensor(shape: shape, scalars: values.map(Float.init))
    }

    /// Asserts `actual` has Keras's shape and scalars within `tolerance` relative to the larger of 1
    /// and Keras's value (so absolute below 1); reports the first scalar that differs.
    public static func assertMatchesKeras(_ actual: Tensor, _ expected: Tensor, tolerance: Float = 1e-5, _ what: String,
                                          file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.shape, expected.shape, "\(what): output shape", file: file, line: line)
        for (i, (a, e)) in zip(actual.scalars, expected.scalars).enumerated()
        where !(Swift.abs(a - e) <= tolerance * Swift.max(1, Swift.abs(e))) {
            XCTFail("\(what): scalar \(i): \(a) != Keras's \(e)", file: file, line: line)
            return
        }
    }
}
