import DL
import DLTestSupport
import XCTest

/// Helpers of the preprocessing layer tests: fixture cases and a small image batch.
enum PreprocessingFixtures {
    /// The `cases` of `Tests/Fixtures/Keras/preprocessing/<name>.json` (written by generate_preprocessing.py).
    static func cases(_ name: String) throws -> [LayerConfig] {
        try XCTUnwrap(try KerasFixtures.load("preprocessing", name + ".json")["cases"]?.arrayValue, name)
    }

    /// A seeded `[2, 5, 6, 3]` batch in [0, 1).
    static func images(_ shape: [Int] = [2, 5, 6, 3], seed: UInt64 = 3) -> Tensor {
        Tensor.randomUniform(shape, seed: seed)
    }

    /// The seeded layers called twice on the same batch in training give different outputs, and a
    /// second layer with the same seed repeats the first's sequence; outside training each is the identity.
    static func assertSeededAndIdentity(_ make: () -> Layer, file: StaticString = #filePath, line: UInt = #line) {
        let x = images([8, 5, 6, 3]), a = make(), b = make()
        XCTAssertEqual(a(x, training: false).scalars, x.scalars, "identity outside training", file: file, line: line)
        let first = a(x, training: true), second = a(x, training: true)
        XCTAssertNotEqual(first.scalars, x.scalars, "training changes the images", file: file, line: line)
        XCTAssertNotEqual(first.scalars, second.scalars, "each call draws anew", file: file, line: line)
        XCTAssertEqual(b(x, training: true).scalars, first.scalars, "same seed, same first draw", file: file, line: line)
        XCTAssertEqual(b(x, training: true).scalars, second.scalars, "same seed, same second draw", file: file, line: line)
        // One unbatched image [h, w, c] works as a batch of one.
        let single = make()(x.slice(axis: 0, 0..<1).reshaped([5, 6, 3]), training: true)
        XCTAssertEqual(single.shape, [5, 6, 3], file: file, line: line)
    }
}
