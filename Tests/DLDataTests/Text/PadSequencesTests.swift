import DLData
import DLTestSupport
import Foundation
import XCTest

/// `padSequences` against Keras's `pad_sequences` on `Tests/Fixtures/Keras/text/pad_sequences.json`
/// (generate_text.py), and its errors.
final class PadSequencesTests: XCTestCase {
    private struct Fixture: Decodable {
        struct Case: Decodable {
            var sequences: [[Int]]
            var maxlen: Int?
            var padding: String
            var truncating: String
            var output: [[Int]]
        }
        var cases: [Case]
    }

    func testEveryCaseMatchesKeras() throws {
        let url = KerasFixtures.directory.appendingPathComponent("text/pad_sequences.json")
        let cases = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url)).cases
        XCTAssertEqual(cases.count, 16)
        for test in cases {
            let padding = try XCTUnwrap(SequenceEnd(rawValue: test.padding))
            let truncating = try XCTUnwrap(SequenceEnd(rawValue: test.truncating))
            let output = padSequences(test.sequences, maxLength: test.maxlen, padding: padding, truncating: truncating)
            let name = "maxlen \(test.maxlen.map(String.init) ?? "nil") \(test.padding) \(test.truncating)"
            XCTAssertEqual(output.shape, [test.output.count, test.output.first?.count ?? 0], name)
            XCTAssertEqual(output.scalars, test.output.flatMap { $0.map(Float.init) }, name)
        }
    }

    func testWorkedExampleAndPaddingValue() throws {
        XCTAssertEqual(padSequences([[1, 2, 3], [4]], maxLength: 2).scalars, [2, 3, 0, 4])
        let padded = try checkedPadSequences([[5]], maxLength: 3, padding: .post, value: -1)
        XCTAssertEqual(padded.scalars, [5, -1, -1])
        XCTAssertEqual(padSequences([], maxLength: 4).shape, [0, 4])
    }

    func testBadInputThrowsNamingIt() {
        XCTAssertThrowsError(try checkedPadSequences([[1, 2]], maxLength: 0)) { error in
            XCTAssertTrue("\(error)".hasSuffix("Received: maxLength=0"), "\(error)")
        }
        XCTAssertThrowsError(try checkedPadSequences([[1], [2, -3]])) { error in
            XCTAssertTrue("\(error)".contains("sequence 1") && "\(error)".hasSuffix("Received: sequences[1][1]=-3"), "\(error)")
        }
    }
}
