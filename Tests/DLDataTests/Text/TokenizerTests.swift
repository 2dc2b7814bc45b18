import DLData
import DLTestSupport
import Foundation
import XCTest

/// `Tokenizer` against Keras 2's (tf_keras) on `Tests/Fixtures/Keras/text/tokenizer.json`
/// (generate_text.py): word index, counts, sequences and texts back, for each option.
final class TokenizerTests: XCTestCase {
    private struct Fixture: Decodable {
        struct Options: Decodable {
            var num_words: Int?
            var lower: Bool?
            var char_level: Bool?
            var oov_token: String?
            var filters: String?
            var split: String?
        }
        struct Case: Decodable {
            var name: String
            var options: Options
            var fit: [String]
            var texts: [String]
            var word_index: [String: Int]
            var word_counts: [[Count]]
            var document_count: Int
            var sequences: [[Int]]
            var texts_back: [String]
        }
        enum Count: Decodable {
            case word(String), count(Int)
            init(from decoder: Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let count = try? container.decode(Int.self) { self = .count(count) } else {
                    self = .word(try container.decode(String.self))
                }
            }
        }
        var cases: [Case]
    }

    private func fixture() throws -> Fixture {
        let url = KerasFixtures.directory.appendingPathComponent("text/tokenizer.json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    func testEveryCaseMatchesKeras() throws {
        let cases = try fixture().cases
        XCTAssertEqual(cases.count, 7)
        for test in cases {
            let options = test.options
            let tokenizer = Tokenizer(numWords: options.num_words, filters: options.filters ?? Tokenizer.defaultFilters,
                                      lower: options.lower ?? true, split: options.split ?? " ",
                                      charLevel: options.char_level ?? false, oovToken: options.oov_token)
            tokenizer.fitOnTexts(test.fit)
            XCTAssertEqual(tokenizer.wordIndex, test.word_index, test.name)
            let counts = test.word_counts.map { pair -> String in
                pair.map { if case .word(let w) = $0 { return w } else if case .count(let c) = $0 { return "\(c)" }; return "" }
                    .joined(separator: "=")
            }
            XCTAssertEqual(tokenizer.wordCounts.map { "\($0.word)=\($0.count)" }, counts, test.name)
            XCTAssertEqual(tokenizer.documentCount, test.document_count, test.name)
            for (word, id) in test.word_index where tokenizer.indexWord[id] != word {
                // A word listed twice (the OOV token also fitted) keeps its last id in both of Keras's dicts.
                XCTAssertEqual(test.word_index.values.filter { $0 == id }.count, 1, "\(test.name): id \(id)")
            }
            let sequences = tokenizer.textsToSequences(test.texts)
            XCTAssertEqual(sequences, test.sequences, test.name)
            XCTAssertEqual(tokenizer.sequencesToTexts(sequences), test.texts_back, test.name)
        }
    }

    /// A worked example: ids by descending count, ties in first-seen order, numWords keeps ids below it.
    func testWorkedExample() {
        let tokenizer = Tokenizer(numWords: 3)
        tokenizer.fitOnTexts(["b a", "A c, b!", "a"])
        XCTAssertEqual(tokenizer.wordIndex, ["a": 1, "b": 2, "c": 3])
        XCTAssertEqual(tokenizer.textsToSequences(["c b a d"]), [[2, 1]])
        let unlimited = Tokenizer(oovToken: "?")
        unlimited.fitOnTexts(["x y y"])
        XCTAssertEqual(unlimited.textsToSequences(["y z x"]), [[2, 1, 3]])
    }

    /// Fitting twice adds to the counts, as Keras does.
    func testFittingAgainAddsCounts() {
        let tokenizer = Tokenizer()
        tokenizer.fitOnTexts(["a b b"])
        tokenizer.fitOnTexts(["a a c"])
        XCTAssertEqual(tokenizer.wordIndex, ["a": 1, "b": 2, "c": 3])
        XCTAssertEqual(tokenizer.documentCount, 2)
    }
}
