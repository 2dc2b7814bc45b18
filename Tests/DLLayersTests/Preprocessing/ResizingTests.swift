import DL
import DLTestSupport
import XCTest

final class ResizingTests: XCTestCase {
    /// Keras's `Resizing` (tf.image.resize bilinear, half-pixel centres, no antialiasing), down and up.
    func testMatchesKeras() throws {
        let cases = try PreprocessingFixtures.cases("resizing")
        XCTAssertEqual(cases.count, 4)
        for item in cases {
            let height = try XCTUnwrap(item["height"]?.intValue), width = try XCTUnwrap(item["width"]?.intValue)
            let x = try KerasFixtures.tensor(item["input"], in: "resizing")
            let expected = try KerasFixtures.tensor(item["output"], in: "resizing")
            let layer = Resizing(height: height, width: width)
            assertTensorsClose(layer(x), expected, accuracy: 1e-5, "\(x.shape) → \(height)×\(width)")
            // One unbatched image gives the first image of the batch.
            let single = Resizing(height: height, width: width)(x.slice(axis: 0, 0..<1).reshaped(Array(x.shape.dropFirst())))
            assertScalarsClose(single.scalars, expected.slice(axis: 0, 0..<1).scalars, accuracy: 1e-5)
        }
    }

    func testGradient() {
        let x = Variable(PreprocessingFixtures.images([1, 3, 4, 2]), name: "x")
        let probe = PreprocessingFixtures.images([1, 5, 3, 2], seed: 8)
        GradientCheck.assertGradientsMatch(of: { Resizing(height: 5, width: 3)(x.value) * probe }, wrt: [x])
    }

    func testConfigAndErrors() throws {
        XCTAssertThrowsError(try Resizing(height: 0, width: 3).buildIfNeeded([[4, 4, 1]]))
        XCTAssertThrowsError(try Resizing.fromConfig(["height": 3, "width": 3, "interpolation": "bicubic"])) { error in
            XCTAssertTrue("\(error)".hasSuffix("Received: interpolation=bicubic"), "\(error)")
        }
        XCTAssertThrowsError(try Resizing.fromConfig(["height": 3, "width": 3, "crop_to_aspect_ratio": true]))
        XCTAssertEqual(try Resizing(height: 2, width: 3).computeOutputShape([5, 6, 4]), [2, 3, 4])
    }
}
